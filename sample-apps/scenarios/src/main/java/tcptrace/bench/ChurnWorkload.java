package tcptrace.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection churn over loopback: each client thread connects, writes 100 bytes, reads the 100-byte echo and
 * closes, again and again. Prints connections per second over the measured window (after a warm-up), and per
 * second of the process's CPU time; or, with {@code --connections N}, makes exactly N connections (to size the
 * journal per event).
 */
public final class ChurnWorkload {
    private static final int MESSAGE_BYTES = 100;

    private final InetSocketAddress server;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;

    private ChurnWorkload(InetSocketAddress server) {
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int threads = options.integer("threads", 4);
        try (EchoServer echo = new EchoServer(threads, MESSAGE_BYTES)) {
            ChurnWorkload churn = new ChurnWorkload(echo.address());
            long fixedCount = options.longValue("connections", 0);
            if (fixedCount > 0) {
                churn.runCount(fixedCount);
                Results.print("connections", churn.completed.get());
            } else {
                churn.runTimed(threads, options.decimal("warmup", 2), options.decimal("seconds", 3));
            }
            Results.print("failed", churn.failed.get());
        }
    }

    private void runCount(long count) {
        for (long i = 0; i < count; i++) {
            oneConnection();
        }
    }

    private void runTimed(int threads, double warmupSeconds, double seconds) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Daemons.named("churn-client").newThread(() -> {
                while (running) {
                    oneConnection();
                }
                done.countDown();
            }).start();
        }
        Thread.sleep((long) (warmupSeconds * 1000));
        long before = completed.get();
        long start = System.nanoTime();
        long cpuStart = ProcessCpu.nanos();
        Thread.sleep((long) (seconds * 1000));
        long after = completed.get();
        long cpu = ProcessCpu.nanos() - cpuStart;
        long elapsed = System.nanoTime() - start;
        running = false;
        done.await();
        Results.print("connections_per_second", (after - before) * 1e9 / elapsed);
        Results.print("connections_per_cpu_second", (after - before) * 1e9 / cpu);
    }

    private void oneConnection() {
        byte[] message = new byte[MESSAGE_BYTES];
        try (Socket socket = new Socket(server.getAddress(), server.getPort())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(message);
            Streams.readFully(in, MESSAGE_BYTES);
            completed.incrementAndGet();
        } catch (IOException e) {
            failed.incrementAndGet();
        }
    }
}
