package tcptrace.agent.bootstrap;

/**
 * Keeps a thread from reporting while it is already reporting: whatever the sink does (JFR, the journal, a stack
 * walk) must never show up as socket events of its own, nor recurse into the probes.
 */
public final class ProbeGuard {
    private static final ThreadLocal<boolean[]> ACTIVE = ThreadLocal.withInitial(() -> new boolean[1]);

    private ProbeGuard() {
    }

    /** True if the caller may report; it must then call {@link #exit()} in a finally block. */
    public static boolean enter() {
        boolean[] active = ACTIVE.get();
        if (active[0]) {
            return false;
        }
        active[0] = true;
        return true;
    }

    public static void exit() {
        ACTIVE.get()[0] = false;
    }
}
