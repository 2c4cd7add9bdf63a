package tcptrace.e2e.stale;

import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;

/**
 * Apache HttpClient 5 classic with a pool of one connection, no validation of idle connections and no retries: the
 * second GET is written on the connection that the server closed meanwhile, and fails.
 */
public final class ApacheClassicReuse {
    private ApacheClassicReuse() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(1).setMaxConnPerRoute(1)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setValidateAfterInactivity(TimeValue.NEG_ONE_MILLISECOND).build())
                .build();
        try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(pool).disableAutomaticRetries()
                .build()) {
            ClientSteps.say("first GET: " + get(client, url));
            ClientSteps.idleUntilGo();
            try {
                ClientSteps.say("second GET: " + get(client, url));
            } catch (IOException e) {
                ClientSteps.say("second GET failed: " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
        ClientSteps.say("DONE");
    }

    private static int get(CloseableHttpClient client, String url) throws IOException {
        return client.execute(new HttpGet(url), response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
    }
}
