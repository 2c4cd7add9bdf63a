package tcptrace.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection churn over loopback: each client thread connects, writes 100 bytes, reads the 100-byte echo and
 * closes, again and again. Prints connections per second over the measured window (after a warm-up), and per
 * second of the process's CPU time; with {@code --slices}, works in the slices its runner asks for
 * ({@link SliceLoop}); with {@code --connections N}, makes exactly N connections (to size the journal per event).
 */
public final class ChurnWorkload {
    private static final int MESSAGE_BYTES = 100;

    private final EchoServer server;
    private final AtomicLong failed = new AtomicLong();

    private ChurnWorkload(EchoServer server) {
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int threads = options.integer("threads", 4);
        try (EchoServer echo = new EchoServer(threads, MESSAGE_BYTES)) {
            ChurnWorkload churn = new ChurnWorkload(echo);
            long fixedCount = options.longValue("connections", 0);
            if (fixedCount > 0) {
                Results.print("connections", churn.runCount(fixedCount));
            } else {
                ExecutorService clients = Executors.newFixedThreadPool(threads, Daemons.named("churn-client"));
                try {
                    SliceLoop.Work work = nanos -> churn.connectFor(clients, threads, nanos);
                    work.runFor((long) (options.decimal("warmup", 2) * 1e9));
                    if (options.flag("slices")) {
                        SliceLoop.serve(work, new BufferedReader(new InputStreamReader(System.in,
                                StandardCharsets.UTF_8)), System.out);
                    } else {
                        measure(work, options.decimal("seconds", 3));
                    }
                } finally {
                    clients.shutdownNow();
                }
            }
            Results.print("failed", churn.failed.get());
        }
    }

    private static void measure(SliceLoop.Work work, double seconds) throws Exception {
        long start = System.nanoTime();
        long cpuStart = ProcessCpu.nanos();
        long connections = work.runFor((long) (seconds * 1e9));
        long cpu = ProcessCpu.nanos() - cpuStart;
        long elapsed = System.nanoTime() - start;
        Results.print("connections_per_second", connections * 1e9 / elapsed);
        Results.print("connections_per_cpu_second", connections * 1e9 / cpu);
    }

    private long runCount(long count) {
        long completed = 0;
        for (long i = 0; i < count; i++) {
            completed += oneConnection() ? 1 : 0;
        }
        return completed;
    }

    /** Every client thread makes connections until {@code nanos} have passed; the number completed. */
    private long connectFor(ExecutorService clients, int threads, long nanos) throws Exception {
        long deadline = System.nanoTime() + nanos;
        Callable<Long> client = () -> {
            long completed = 0;
            while (System.nanoTime() - deadline < 0) {
                completed += oneConnection() ? 1 : 0;
            }
            return completed;
        };
        long total = 0;
        for (Future<Long> done : clients.invokeAll(Collections.nCopies(threads, client))) {
            total += done.get();
        }
        return total;
    }

    private boolean oneConnection() {
        byte[] message = new byte[MESSAGE_BYTES];
        InetSocketAddress address = server.nextAddress();
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(message);
            Streams.readFully(in, MESSAGE_BYTES);
            return true;
        } catch (IOException e) {
            failed.incrementAndGet();
            return false;
        }
    }
}
