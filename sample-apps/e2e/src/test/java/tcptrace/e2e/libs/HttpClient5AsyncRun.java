package tcptrace.e2e.libs;

import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.io.CloseMode;

/**
 * Apache HttpClient 5 async: two requests on one pooled connection, then a graceful close, whose IOSessionImpl.close
 * shuts the output down before it closes the channel.
 */
final class HttpClient5AsyncRun implements LibraryRun {
    @Override
    public void run(int port) throws Exception {
        try (JettyServer jetty = new JettyServer(port)) {
            CloseableHttpAsyncClient client = HttpAsyncClients.createDefault();
            client.start();
            for (int i = 0; i < 2; i++) {
                SimpleHttpResponse r = client.execute(SimpleRequestBuilder.get(jetty.url()).build(), null)
                        .get(10, TimeUnit.SECONDS);
                Check.body(r.getBodyText(), JettyServer.BODY);
            }
            client.close(CloseMode.GRACEFUL);
            jetty.awaitAllClosed();
        }
    }
}
