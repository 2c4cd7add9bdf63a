package tcptrace.export;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Takes the place of the SDK's batch processor, which drops a batch its exporter failed to send: here a batch leaves
 * the queue only once the collector took it, and a collector that is down is retried with a doubling back-off while
 * new records queue up to the bound (then they are dropped and counted).
 */
final class QueuedLogProcessor implements LogRecordProcessor {
    static final int BATCH = 512;
    static final long FIRST_RETRY_MILLIS = 250;
    static final long LAST_RETRY_MILLIS = 8_000;
    /** Longer than the exporter's own timeout (OTEL_EXPORTER_OTLP_TIMEOUT, 10 s by default): it answers first. */
    private static final long EXPORT_WAIT_MILLIS = 60_000;
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final ExportQueue<LogRecordData> queue;
    private final LogRecordExporter exporter;
    private final CollectorHealth health;
    private final Thread sender;
    private final Object retry = new Object();
    private volatile boolean stopping;
    private volatile long deadlineNanos;

    QueuedLogProcessor(ExportQueue<LogRecordData> queue, LogRecordExporter exporter, CollectorHealth health) {
        this.queue = queue;
        this.exporter = exporter;
        this.health = health;
        this.sender = new Thread(this::send, "tcptrace-otlp");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public void onEmit(Context context, ReadWriteLogRecord logRecord) {
        queue.offer(logRecord.toLogRecordData());
    }

    private void send() {
        long backoff = FIRST_RETRY_MILLIS;
        try {
            while (!(stopping && (queue.size() == 0 || System.nanoTime() - deadlineNanos > 0))) {
                List<LogRecordData> batch = queue.peek(BATCH, stopping ? 0 : IDLE_WAIT_NANOS);
                if (batch.isEmpty()) {
                    continue;
                }
                CompletableResultCode result = exporter.export(batch);
                result.join(stopping ? Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000)
                        : EXPORT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (result.isDone() && result.isSuccess()) {
                    queue.delivered(batch.size());
                    health.delivered();
                    backoff = FIRST_RETRY_MILLIS;
                } else if (stopping) {
                    return; // the capture is ending: what is left is counted as undelivered
                } else {
                    health.failed(result.getFailureThrowable());
                    pause(backoff);
                    backoff = Math.min(backoff * 2, LAST_RETRY_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // leaves with the queue as it is: close() counts what is left
        } catch (RuntimeException e) {
            health.failed(e); // an exporter that throws must not take the capture with it
        }
    }

    private void pause(long millis) throws InterruptedException {
        synchronized (retry) {
            if (!stopping) {
                retry.wait(millis);
            }
        }
    }

    /** Sends what is queued until {@code deadline}, one attempt per batch; waits for the sender to finish. */
    void drain(long deadline) {
        deadlineNanos = deadline;
        stopping = true;
        synchronized (retry) {
            retry.notifyAll();
        }
        queue.wake();
        try {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(sender, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records still queued: not delivered when the capture ended. */
    int undelivered() {
        return queue.size();
    }

    @Override
    public CompletableResultCode shutdown() {
        return exporter.shutdown();
    }

    @Override
    public CompletableResultCode forceFlush() {
        return CompletableResultCode.ofSuccess(); // drain() is the flush, with the deadline the capture has
    }
}
