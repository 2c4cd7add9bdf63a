package tcptrace.agent.event;

/** What happened to a socket. The codes are part of the journal format: never renumber. */
public enum EventKind {
    CONNECT(1),
    CONNECT_FAILED(2),
    ACCEPT(3),
    CLOSE(4),
    SHUTDOWN_OUTPUT(5),
    SHUTDOWN_INPUT(6),
    /** A read returned end-of-stream: the peer's FIN reached the application. */
    EOF(7),
    /** An I/O call failed: reset, broken pipe, timed out; {@link SocketEvent#message()} has the text. */
    ERROR(8),
    /** A socket option changed; {@link SocketEvent#options()} is the new snapshot. */
    OPTIONS(9);

    private static final EventKind[] BY_CODE = new EventKind[16];

    static {
        for (EventKind k : values()) {
            BY_CODE[k.code] = k;
        }
    }

    public final int code;

    EventKind(int code) {
        this.code = code;
    }

    /** Kinds whose events carry the stack of the calling thread. */
    public boolean hasStack() {
        return this == CLOSE || this == SHUTDOWN_OUTPUT || this == SHUTDOWN_INPUT || this == ERROR;
    }

    public static EventKind ofCode(int code) {
        EventKind k = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (k == null) {
            throw new IllegalArgumentException("unknown event kind code " + code);
        }
        return k;
    }
}
