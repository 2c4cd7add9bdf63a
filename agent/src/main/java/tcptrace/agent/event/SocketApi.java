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

    public static SocketApi ofCode(int code) {
        for (SocketApi a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown socket api code " + code);
    }
}
