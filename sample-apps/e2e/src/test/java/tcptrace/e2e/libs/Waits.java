package tcptrace.e2e.libs;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on a condition with a deadline, for the ends a library closes on threads of its own. */
final class Waits {
    private Waits() {
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
