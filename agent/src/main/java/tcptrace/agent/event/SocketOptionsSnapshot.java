package tcptrace.agent.event;

/**
 * The socket options that decide how (and whether) a dead peer is noticed.
 *
 * @param keepAlive    SO_KEEPALIVE: 1 on, 0 off, -1 unknown
 * @param keepIdle     TCP_KEEPIDLE seconds, -1 when the application never set it (the sysctl applies)
 * @param keepInterval TCP_KEEPINTERVAL seconds, -1 when never set
 * @param keepCount    TCP_KEEPCOUNT probes, -1 when never set
 * @param linger       SO_LINGER seconds, -1 when off (0 makes close send RST)
 * @param soTimeout    SO_TIMEOUT milliseconds, 0 for none
 */
public record SocketOptionsSnapshot(int keepAlive, int keepIdle, int keepInterval, int keepCount, int linger,
                                    int soTimeout) {

    /** What a fresh socket has before the application sets anything. */
    public static final SocketOptionsSnapshot DEFAULTS = new SocketOptionsSnapshot(0, -1, -1, -1, -1, 0);

    /** Nothing known, e.g. for a connection opened before the agent was attached. */
    public static final SocketOptionsSnapshot UNKNOWN = new SocketOptionsSnapshot(-1, -1, -1, -1, -1, -1);

    public SocketOptionsSnapshot withKeepAlive(boolean on) {
        return new SocketOptionsSnapshot(on ? 1 : 0, keepIdle, keepInterval, keepCount, linger, soTimeout);
    }

    public SocketOptionsSnapshot withKeepIdle(int seconds) {
        return new SocketOptionsSnapshot(keepAlive, seconds, keepInterval, keepCount, linger, soTimeout);
    }

    public SocketOptionsSnapshot withKeepInterval(int seconds) {
        return new SocketOptionsSnapshot(keepAlive, keepIdle, seconds, keepCount, linger, soTimeout);
    }

    public SocketOptionsSnapshot withKeepCount(int probes) {
        return new SocketOptionsSnapshot(keepAlive, keepIdle, keepInterval, probes, linger, soTimeout);
    }

    public SocketOptionsSnapshot withLinger(int seconds) {
        return new SocketOptionsSnapshot(keepAlive, keepIdle, keepInterval, keepCount, seconds, soTimeout);
    }

    public SocketOptionsSnapshot withSoTimeout(int millis) {
        return new SocketOptionsSnapshot(keepAlive, keepIdle, keepInterval, keepCount, linger, millis);
    }
}
