package tcptrace.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, instead of sleeping and hoping. */
public final class Await {
    private Await() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        until(() -> what, timeout, condition);
    }

    /** As above, with the description made at the time of failure (e.g. to show what was seen so far). */
    public static void until(Supplier<String> what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            Thread.sleep(20);
        }
    }

    /** Tests that need root (capture, network namespaces) fail with this message when not root. */
    public static void requireRoot(String why) {
        String user = System.getProperty("user.name");
        long uid = -1;
        try {
            uid = (Integer) java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid");
        } catch (java.io.IOException e) {
            // uid stays unknown
        }
        if (uid != 0) {
            throw new AssertionError("this test must run as root (" + why + "); running as " + user);
        }
    }
}
