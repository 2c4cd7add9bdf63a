package tcptrace.e2e.libs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The JDK's HttpClient: two requests on one pooled connection, which the pool closes once it has been idle. */
final class JdkHttpClientRun implements LibraryRun {
    @Override
    public void run(int port) throws Exception {
        // read when the pool is first used: the pool's own idle expiry is the close under test
        System.setProperty("jdk.httpclient.keepalive.timeout", "1");
        try (JettyServer jetty = new JettyServer(port)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(jetty.url())).build(),
                        HttpResponse.BodyHandlers.ofString());
                Check.body(r.body(), JettyServer.BODY);
            }
            jetty.awaitAllClosed();
        }
    }
}
