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

    /** By code: every journal record names one, and {@code values()} would copy the array each time. */
    private static final CloseActor[] BY_CODE = new CloseActor[16];

    static {
        for (CloseActor a : values()) {
            BY_CODE[a.code] = a;
        }
    }

    public static CloseActor ofCode(int code) {
        CloseActor a = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (a == null) {
            throw new IllegalArgumentException("unknown close actor code " + code);
        }
        return a;
    }
}
