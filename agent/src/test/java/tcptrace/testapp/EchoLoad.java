package tcptrace.testapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * Holds {@code args[0]} connections open at once to the echo server at loopback port {@code args[2]}
 * ({@link EchoServerMain}, another process: each side then needs one file per connection), exchanges a distinct
 * payload on each from several threads, half-closes and closes them all, then churns through {@code args[1]} short connections (connect, echo, close).
 * Every echo is compared with what was sent. Prints what it held and a checksum of everything echoed: the same with
 * or without the agent. Exits 0; any lost, changed or duplicated byte is an exception and a non-zero exit.
 */
public final class EchoLoad {
    private static final int THREADS = 8;
    private static final long WAIT_MILLIS = 120_000;

    public static void main(String[] args) throws Exception {
        int held = Integer.parseInt(args[0]);
        int churned = Integer.parseInt(args[1]);
        int port = Integer.parseInt(args[2]);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            Socket[] sockets = new Socket[held];
            for (int i = 0; i < held; i++) {
                sockets[i] = new Socket(InetAddress.getLoopbackAddress(), port);
            }
            long heldSum = inParallel(pool, held, i -> exchange(sockets[i], i));
            inParallel(pool, held, i -> {
                sockets[i].close();
                return 0;
            });
            System.out.println("held " + held + " checksum " + Long.toHexString(heldSum));
            long churnSum = inParallel(pool, churned, i -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return exchange(s, held + i);
                }
            });
            System.out.println("churned " + churned + " checksum " + Long.toHexString(churnSum));
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Task {
        long run(int i) throws Exception;
    }

    /** Runs {@code task} for 0..n-1 on the pool; the sum of the results, order-independent. */
    private static long inParallel(ExecutorService pool, int n, Task task) throws Exception {
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int first = t;
            parts.add(pool.submit(() -> {
                long sum = 0;
                for (int i = first; i < n; i += THREADS) {
                    sum += task.run(i);
                }
                return sum;
            }));
        }
        long sum = 0;
        for (Future<Long> part : parts) {
            sum += part.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
        return sum;
    }

    /**
     * Sends payload {@code i}, half-closes, and reads the echo back to the server's end-of-stream: exactly the
     * bytes sent, nothing more. Returns their CRC.
     */
    static long exchange(Socket s, int i) throws IOException {
        byte[] sent = payload(i);
        s.setSoTimeout((int) WAIT_MILLIS);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write(sent);
        s.shutdownOutput();
        byte[] back = in.readAllBytes();
        if (!Arrays.equals(sent, back)) {
            throw new IllegalStateException("connection " + i + ": echo differs from what was sent");
        }
        CRC32 crc = new CRC32();
        crc.update(back);
        return crc.getValue();
    }

    private static byte[] payload(int i) {
        Random r = new Random(i);
        byte[] b = new byte[1 + r.nextInt(2048)];
        r.nextBytes(b);
        return b;
    }
}
