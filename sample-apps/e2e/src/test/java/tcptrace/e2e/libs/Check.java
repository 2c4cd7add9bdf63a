package tcptrace.e2e.libs;

/** What a run checks of its exchange before it closes, so that a close never hides a failed exchange. */
final class Check {
    private Check() {
    }

    static void body(String got, String expected) {
        if (!expected.equals(got)) {
            throw new IllegalStateException("expected the body '" + expected + "', got '" + got + "'");
        }
    }

    static void bytes(long got, long expected) {
        if (got != expected) {
            throw new IllegalStateException("expected " + expected + " bytes back, got " + got);
        }
    }
}
