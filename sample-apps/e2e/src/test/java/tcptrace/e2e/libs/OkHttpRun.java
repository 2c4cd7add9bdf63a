package tcptrace.e2e.libs;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** OkHttp: two calls on one pooled connection, then the pool evicts it, as an application shutting down does. */
final class OkHttpRun implements LibraryRun {
    @Override
    public void run(int port) throws Exception {
        try (JettyServer jetty = new JettyServer(port)) {
            OkHttpClient client = new OkHttpClient.Builder().build();
            for (int i = 0; i < 2; i++) {
                try (Response r = client.newCall(new Request.Builder().url(jetty.url()).build()).execute()) {
                    Check.body(r.body().string(), JettyServer.BODY);
                }
            }
            client.connectionPool().evictAll();
            client.dispatcher().executorService().shutdown();
            jetty.awaitAllClosed();
        }
    }
}
