package tcptrace.e2e.stale;

/** The pause between two looks at a condition that a test waits for (always with a deadline). */
final class Await {
    private Await() {
    }

    static void shortPause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
