package tcptrace.agent.event;

/** Who closed the socket, for {@link EventKind#CLOSE}. The codes are part of the journal format. */
public enum CloseActor {
    NONE(0),
    /** An application thread called close(). */
    APP(1),
    /** The JDK's Cleaner closed a socket that had become unreachable: a leak. */
    CLEANER(2),
    /** A thread blocked in I/O on an interruptible channel was interrupted, which closes the channel. */
    INTERRUPT(3);

    public final int code;

    CloseActor(int code) {
        this.code = code;
    }

    public static CloseActor ofCode(int code) {
        for (CloseActor a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown close actor code " + code);
    }
}
