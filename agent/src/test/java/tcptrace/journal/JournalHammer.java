package tcptrace.journal;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Child process for {@link JournalKillIT}: threads append events as fast as they can until the process is killed.
 * Thread t writes connection ids t * 1_000_000_000 + 0, 1, 2, ... in order, so a reader can tell a lost record (a
 * hole) from the one record each thread may have had in flight.
 */
public final class JournalHammer {
    private JournalHammer() {
    }

    public static final long STRIDE = 1_000_000_000L;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        JournalWriter w = JournalWriter.open(dir, false, 1L << 20, 8, System.err::println);
        CountDownLatch started = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            long base = t * STRIDE;
            Thread writer = new Thread(() -> {
                for (long i = 0; ; i++) {
                    w.writeEvent(JournalTestEvents.close(base + i));
                    if (i == 0) {
                        started.countDown();
                    }
                }
            }, "hammer-" + t);
            writer.start();
        }
        started.await();
        System.out.println("ready " + w.currentFile());
        System.out.flush();
        Thread.currentThread().join();
    }
}
