package tcptrace.e2e;

import io.netty.channel.uring.IoUring;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One library shape of the library suite: the child run that exercises it ({@code tcptrace.e2e.libs.LibraryMain})
 * and, for each kind of end it may put on the wire ({@code "client FIN"}, {@code "server RST"}, ...; the server is
 * the end on the run's port), the verdict that end must get and the prefix of a frame its stack must hold.
 *
 * @param name     the run's name
 * @param killed   the run is killed with SIGKILL once ready: every end is PROCESS_EXIT killed, with no stack
 * @param ends     what each kind of end must get; an end of a kind not listed fails the run
 * @param required the kinds of end every run must show
 */
record Library(String name, boolean killed, Map<String, Expected> ends, Set<String> required) {

    /** What one end must get: its verdict, and a frame prefix of its stack (null: no stack is asked for). */
    record Expected(String verdict, String frame) {
    }

    private static final String JETTY = "org.eclipse.jetty.io.";
    private static final String EPOLL_CLOSE = "io.netty.channel.epoll.AbstractEpollChannel.doClose";
    /** Where the application's close enters an io_uring channel; the ring closes the descriptor later. */
    private static final String URING_CLOSE = "io.netty.channel.uring.AbstractIoUringChannel$AbstractUringUnsafe.close";
    private static final String REACTOR_NETTY_CLOSE = IoUring.isAvailable() ? URING_CLOSE : EPOLL_CLOSE;
    private static final Expected KILLED = new Expected("PROCESS_EXIT", null);

    /** The libraries the agent traces through the JDK's Socket and SocketChannel. */
    static final List<Library> JDK_SOCKET_STACKS = List.of(
            closedBoth("jdk-httpclient", "jdk.internal.net.http.ConnectionPool", JETTY),
            closedBoth("okhttp", "okhttp3.internal.connection.RealConnectionPool", JETTY),
            closedBoth("httpclient5-classic", "org.apache.hc.core5.pool.", JETTY),
            closedBoth("httpclient5-async", "org.apache.hc.core5.reactor.IOSessionImpl.close", JETTY),
            // the client's close sends close_notify and shuts both directions down before it closes; the server's TLS
            // layer answers with its own close_notify and shuts its output down while the application reads (a
            // half-close on the read path). When that answer comes in after the client's input was shut down, the
            // client's kernel resets the connection and the server sends no FIN.
            new Library("ssl-socket", false, Map.of(
                    "client FIN", new Expected("APP_CLOSE", "sun.security.ssl.SSLSocketImpl.close"),
                    "client RST", new Expected("APP_ABORT", "sun.security.ssl.SSLSocketImpl.close"),
                    "server FIN", new Expected("APP_SHUTDOWN_OUTPUT",
                            "sun.security.ssl.SSLSocketImpl$AppInputStream.read")),
                    Set.of("client FIN")),
            closedBoth("netty-nio", "io.netty.channel.socket.nio.NioSocketChannel.doClose",
                    "io.netty.channel.socket.nio.NioSocketChannel.doClose"));

    /** The libraries on Netty's native epoll transport (relocated in grpc-netty-shaded), traced by its probes. */
    static final List<Library> NETTY_EPOLL_STACKS = List.of(
            closedBoth("netty-epoll", EPOLL_CLOSE, EPOLL_CLOSE),
            closedBoth("grpc-netty-shaded", "io.grpc.netty.shaded." + EPOLL_CLOSE,
                    "io.grpc.netty.shaded." + EPOLL_CLOSE),
            // disposing the pool queues each close as a task that Netty's event loop runs: Netty's frames only.
            // reactor-netty 1.3 prefers io_uring to epoll where Netty's io_uring is on the class path (it is, for the
            // io_uring shapes) and the kernel allows it; the run's JVM sees the same kernel as this one
            closedBoth("reactor-netty", REACTOR_NETTY_CLOSE, REACTOR_NETTY_CLOSE),
            // the pool's connections and the server's ends all belong to the killed JVM
            new Library("netty-epoll-killed", true, Map.of(
                    "client FIN", KILLED, "client RST", KILLED, "server FIN", KILLED, "server RST", KILLED),
                    Set.of()));

    /** Netty 4.2's io_uring transport, whose connects, reads, writes and closes are operations of its ring. */
    static final List<Library> NETTY_IO_URING_STACKS = List.of(
            // the run's client may close with a byte of the server's still unread (its last read races the close):
            // then its kernel resets, and the verdict is the application's abort
            new Library("netty-io_uring", false, Map.of(
                    "client FIN", new Expected("APP_CLOSE", URING_CLOSE),
                    "client RST", new Expected("APP_ABORT", URING_CLOSE),
                    "server FIN", new Expected("APP_CLOSE", URING_CLOSE)), Set.of("server FIN")),
            new Library("netty-io_uring-killed", true, Map.of(
                    "client FIN", KILLED, "client RST", KILLED, "server FIN", KILLED, "server RST", KILLED),
                    Set.of()));

    /** The JDK's AsynchronousSocketChannel, which closes through its own implementation, not SocketChannelImpl. */
    static final List<Library> JDK_ASYNC_STACKS = List.of(
            closedBoth("async-socket-channel", "sun.nio.ch.UnixAsynchronousSocketChannelImpl",
                    "sun.nio.ch.UnixAsynchronousSocketChannelImpl"));

    static List<Library> all() {
        return Stream.of(JDK_SOCKET_STACKS, NETTY_EPOLL_STACKS, NETTY_IO_URING_STACKS, JDK_ASYNC_STACKS)
                .flatMap(List::stream).toList();
    }

    /**
     * The shapes named by {@code -Dtcptrace.libraries=a,b} (to run a few by hand), or all of them; a name that is
     * no shape's fails at once rather than running nothing.
     */
    static List<Library> selected() {
        String only = System.getProperty("tcptrace.libraries", "").trim();
        if (only.isEmpty()) {
            return all();
        }
        List<String> names = Stream.of(only.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
        List<Library> known = all();
        for (String n : names) {
            if (known.stream().noneMatch(l -> l.name().equals(n))) {
                throw new IllegalArgumentException("tcptrace.libraries: no library shape " + n + "; known: "
                        + known.stream().map(Library::name).toList());
            }
        }
        return known.stream().filter(l -> names.contains(l.name())).toList();
    }

    /** The client closes, the server closes when it reads the end: a FIN each, APP_CLOSE each. */
    private static Library closedBoth(String name, String clientFrame, String serverFrame) {
        return new Library(name, false, Map.of("client FIN", new Expected("APP_CLOSE", clientFrame),
                "server FIN", new Expected("APP_CLOSE", serverFrame)), Set.of("client FIN", "server FIN"));
    }
}
