package tcptrace.agent.connection;

import java.net.SocketOption;
import tcptrace.agent.event.SocketOptionsSnapshot;

/** How one {@code setOption} call changes the snapshot; options that do not decide a connection's end are ignored. */
final class SocketOptionChange {
    /** {@code java.net.SocketOptions} constants, as the legacy {@code setOption(int, Object)} receives them. */
    static final int LEGACY_SO_LINGER = 0x0080;
    static final int LEGACY_SO_TIMEOUT = 0x1006;
    static final int LEGACY_SO_KEEPALIVE = 0x0008;

    private SocketOptionChange() {
    }

    /** {@code option} is an Integer (legacy SocketImpl constant) or a {@link SocketOption}. */
    static SocketOptionsSnapshot apply(SocketOptionsSnapshot s, Object option, Object value) {
        if (option instanceof Integer legacy) {
            return switch (legacy) {
                case LEGACY_SO_KEEPALIVE -> value instanceof Boolean b ? s.withKeepAlive(b) : s;
                case LEGACY_SO_TIMEOUT -> value instanceof Integer i ? s.withSoTimeout(i) : s;
                // "false" turns lingering off, a number sets the interval
                case LEGACY_SO_LINGER -> value instanceof Integer i ? s.withLinger(i < 0 ? -1 : i)
                        : value instanceof Boolean ? s.withLinger(-1) : s;
                default -> s;
            };
        }
        if (option instanceof SocketOption<?> o && value instanceof Number n) {
            int v = n.intValue();
            return switch (o.name()) {
                case "SO_LINGER" -> s.withLinger(v < 0 ? -1 : v);
                case "TCP_KEEPIDLE" -> s.withKeepIdle(v);
                case "TCP_KEEPINTERVAL" -> s.withKeepInterval(v);
                case "TCP_KEEPCOUNT" -> s.withKeepCount(v);
                default -> s;
            };
        }
        if (option instanceof SocketOption<?> o && value instanceof Boolean b && o.name().equals("SO_KEEPALIVE")) {
            return s.withKeepAlive(b);
        }
        return s;
    }
}
