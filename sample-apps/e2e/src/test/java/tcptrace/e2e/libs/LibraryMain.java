package tcptrace.e2e.libs;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A child JVM of the library suite: {@code LibraryMain LIBRARY PORT} makes a few exchanges over loopback with one
 * real library, server on PORT, then closes as that library closes, and ends once both ends are closed. A shape
 * that ends by being killed prints {@code ready} and waits for it.
 */
public final class LibraryMain {
    private static final Map<String, Supplier<LibraryRun>> RUNS = Map.ofEntries(
            Map.entry("jdk-httpclient", JdkHttpClientRun::new),
            Map.entry("okhttp", OkHttpRun::new),
            Map.entry("httpclient5-classic", HttpClient5ClassicRun::new),
            Map.entry("httpclient5-async", HttpClient5AsyncRun::new),
            Map.entry("ssl-socket", SslSocketRun::new),
            Map.entry("netty-nio", () -> new NettyRun(NettyTransport.NIO)),
            Map.entry("netty-epoll", () -> new NettyRun(NettyTransport.EPOLL)),
            Map.entry("netty-epoll-killed", () -> new NettyPoolKilledRun(NettyTransport.EPOLL)),
            Map.entry("netty-io_uring", () -> new NettyRun(NettyTransport.IO_URING)),
            Map.entry("netty-io_uring-killed", () -> new NettyPoolKilledRun(NettyTransport.IO_URING)),
            Map.entry("grpc-netty-shaded", GrpcRun::new),
            Map.entry("reactor-netty", ReactorNettyRun::new),
            Map.entry("async-socket-channel", AsyncSocketChannelRun::new));

    private LibraryMain() {
    }

    public static void main(String[] args) throws Exception {
        Supplier<LibraryRun> run = args.length == 2 ? RUNS.get(args[0]) : null;
        if (run == null) {
            System.err.println("usage: LibraryMain " + String.join("|", RUNS.keySet()) + " PORT");
            System.exit(2);
        }
        run.get().run(Integer.parseInt(args[1]));
        System.out.println("done");
        System.exit(0); // libraries leave non-daemon threads behind; every connection is closed by now
    }
}
