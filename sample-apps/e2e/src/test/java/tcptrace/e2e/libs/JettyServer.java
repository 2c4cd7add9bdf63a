package tcptrace.e2e.libs;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** An embedded Jetty answering every request with a short text: the server end of the HTTP client runs. */
final class JettyServer implements AutoCloseable {
    static final String BODY = "hello from jetty";

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    JettyServer(int port) throws Exception {
        connector.setHost(LibraryRun.HOST);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                Content.Sink.write(response, true, BODY, callback);
                return true;
            }
        });
        server.start();
    }

    String url() {
        return "http://" + LibraryRun.HOST + ":" + connector.getLocalPort() + "/";
    }

    /** Waits until Jetty has closed every connection it accepted (after the client's close reached it). */
    void awaitAllClosed() throws InterruptedException {
        Waits.until("Jetty to close its connections", () -> connector.getConnectedEndPoints().isEmpty());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
