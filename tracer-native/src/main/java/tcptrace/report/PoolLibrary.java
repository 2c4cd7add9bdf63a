package tcptrace.report;

import java.time.Duration;
import java.util.List;
import tcptrace.Durations;

/**
 * The connection pool a stale reuse went through, told by the library frames of the stack where the application met
 * it, and the setting of that pool that retires or checks a connection before the peer's idle timeout closes it.
 * Tried in order: a JDBC pool's stack also holds its driver's frames, and an HTTP client's the JDK's.
 */
enum PoolLibrary {
    HIKARICP("HikariCP", List.of("com.zaxxer.hikari.")) {
        @Override
        String setting(String below) {
            return "set idleTimeout and maxLifetime " + below + ", or a keepaliveTime below it so that idle "
                    + "connections are kept in use (HikariConfig.setIdleTimeout / setMaxLifetime / setKeepaliveTime)";
        }
    },
    OKHTTP("OkHttp", List.of("okhttp3.")) {
        @Override
        String setting(String below) {
            return "give the client a ConnectionPool whose keep-alive is " + below
                    + " (OkHttpClient.Builder().connectionPool(new ConnectionPool(maxIdle, keepAlive, unit)))";
        }
    },
    APACHE_HTTPCLIENT("Apache HttpClient", List.of("org.apache.hc.client5.", "org.apache.http.")) {
        @Override
        String setting(String below) {
            return "evict idle connections " + below + " (HttpClientBuilder.evictIdleConnections(TimeValue)), or "
                    + "check a connection that sat idle before reusing it (ConnectionConfig.custom()"
                    + ".setValidateAfterInactivity(TimeValue), " + below + ")";
        }
    },
    REACTOR_NETTY("reactor-netty", List.of("reactor.netty.")) {
        @Override
        String setting(String below) {
            return "set maxIdleTime " + below + " on the ConnectionProvider (ConnectionProvider.builder(name)"
                    + ".maxIdleTime(...))";
        }
    },
    JDK_HTTPCLIENT("the JDK's HttpClient", List.of("jdk.internal.net.http.", "java.net.http.")) {
        @Override
        String setting(String below) {
            return "set the system property jdk.httpclient.keepalive.timeout (seconds) " + below;
        }
    },
    UNKNOWN("an unrecognised library", List.of()) {
        @Override
        String setting(String below) {
            return "retire pooled connections after an idle time " + below + ", or check a connection that sat "
                    + "idle before writing on it";
        }
    };

    private final String label;
    private final List<String> prefixes;

    PoolLibrary(String label, List<String> prefixes) {
        this.label = label;
        this.prefixes = prefixes;
    }

    String label() {
        return label;
    }

    /** The first library in this order with a frame in {@code stack}; UNKNOWN when none has. */
    static PoolLibrary of(List<String> stack) {
        if (stack != null) {
            for (PoolLibrary library : values()) {
                for (String frame : stack) {
                    for (String prefix : library.prefixes) {
                        if (frame.startsWith(prefix)) {
                            return library;
                        }
                    }
                }
            }
        }
        return UNKNOWN;
    }

    /**
     * What to change, for a peer that closed idle connections after {@code peerIdle} at the shortest (null when
     * the capture shows none of its idle closes).
     */
    String advice(Duration peerIdle) {
        if (peerIdle == null) {
            return label + ": " + setting("below the peer's idle timeout");
        }
        String idle = Durations.human(peerIdle.toNanos());
        return label + ": " + setting("below " + idle) + "; this peer closed connections idle for " + idle
                + " at the shortest";
    }

    abstract String setting(String below);
}
