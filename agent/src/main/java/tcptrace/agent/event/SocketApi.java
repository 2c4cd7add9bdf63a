package tcptrace.agent.event;

/** Which API the connection was made through. The codes are part of the journal format. */
public enum SocketApi {
    UNKNOWN(0),
    SOCKET(1),
    SERVER_SOCKET(2),
    SOCKET_CHANNEL(3),
    SERVER_SOCKET_CHANNEL(4),
    /** Netty's epoll transport: a connect of its socket channel, or (server) a child of its server channel. */
    NETTY_EPOLL(5),
    NETTY_EPOLL_SERVER(6),
    ASYNC_SOCKET_CHANNEL(7),
    ASYNC_SERVER_SOCKET_CHANNEL(8),
    /** Netty 4.2's io_uring transport: a connect of its socket channel, or (server) a child of its server channel. */
    NETTY_IO_URING(9),
    NETTY_IO_URING_SERVER(10);

    public final int code;

    SocketApi(int code) {
        this.code = code;
    }

    /** By code: every journal record names one, and {@code values()} would copy the array each time. */
    private static final SocketApi[] BY_CODE = new SocketApi[16];

    static {
        for (SocketApi a : values()) {
            BY_CODE[a.code] = a;
        }
    }

    public static SocketApi ofCode(int code) {
        SocketApi a = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (a == null) {
            throw new IllegalArgumentException("unknown socket api code " + code);
        }
        return a;
    }
}
