package tcptrace.agent.connection;

import java.util.Objects;

/**
 * The connect failure the JDK last made on each thread, by its target. An asynchronous channel whose connect fails
 * closes itself before it completes: the close, which reports the failed connect, takes the reason from here. Holds
 * the message only, never the exception (nor what it references).
 */
final class ConnectFailureHandoff {
    private static final class Slot {
        Object remote;
        String message;
    }

    private final ThreadLocal<Slot> slots = ThreadLocal.withInitial(Slot::new);

    void offer(Object remote, String message) {
        Slot s = slots.get();
        s.remote = remote;
        s.message = message;
    }

    /** The message last offered on this thread if it was for {@code remote}, once; else null. */
    String take(Object remote) {
        Slot s = slots.get();
        if (remote == null || !Objects.equals(s.remote, remote)) {
            return null;
        }
        String m = s.message;
        s.remote = null;
        s.message = null;
        return m;
    }
}
