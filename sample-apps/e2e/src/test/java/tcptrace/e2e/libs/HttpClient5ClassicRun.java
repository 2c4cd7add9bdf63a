package tcptrace.e2e.libs;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** Apache HttpClient 5 classic: two requests on one pooled connection, then the client (and its pool) closes. */
final class HttpClient5ClassicRun implements LibraryRun {
    @Override
    public void run(int port) throws Exception {
        try (JettyServer jetty = new JettyServer(port)) {
            try (CloseableHttpClient client = HttpClients.createDefault()) {
                for (int i = 0; i < 2; i++) {
                    Check.body(client.execute(new HttpGet(jetty.url()), r -> EntityUtils.toString(r.getEntity())),
                            JettyServer.BODY);
                }
            }
            jetty.awaitAllClosed();
        }
    }
}
