package tcptrace.e2e.libs;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * reactor-netty's HTTP client against its HTTP server (on Linux io_uring where Netty's is on the class path and the
 * kernel allows it, epoll otherwise): two requests on one pooled
 * connection, then the connection provider is disposed, which closes it; the server follows.
 */
final class ReactorNettyRun implements LibraryRun {
    @Override
    public void run(int port) throws Exception {
        AtomicInteger open = new AtomicInteger();
        DisposableServer server = HttpServer.create().host(HOST).port(port)
                .doOnConnection(c -> {
                    open.incrementAndGet();
                    c.onDispose(open::decrementAndGet);
                })
                .handle((request, response) -> response.sendString(Mono.just("hello from reactor-netty")))
                .bindNow();
        ConnectionProvider pool = ConnectionProvider.create("tcptrace", 1);
        HttpClient client = HttpClient.create(pool).baseUrl("http://" + HOST + ":" + port);
        for (int i = 0; i < 2; i++) {
            Check.body(client.get().uri("/").responseContent().aggregate().asString().block(Duration.ofSeconds(10)),
                    "hello from reactor-netty");
        }
        pool.disposeLater().block(Duration.ofSeconds(10));
        Waits.until("the server to close its end", () -> open.get() == 0);
        server.disposeNow(Duration.ofSeconds(10));
    }
}
