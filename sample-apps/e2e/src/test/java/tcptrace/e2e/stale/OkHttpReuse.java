package tcptrace.e2e.stale;

import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * OkHttp 5 with its default pool (5 idle connections, 5 min keep-alive) and retries on: {@code get} reuses the
 * pooled connection after the server closed it (OkHttp checks a pooled connection's socket only for requests other
 * than GET, and only once it has been idle 10 s), and retries on a new one; {@code post} waits past those 10 s, so
 * the check finds the connection closed before anything is written on it.
 */
public final class OkHttpReuse {
    /** OkHttp reads a pooled socket before a non-GET request only when it has been idle this long. */
    static final long HEALTH_CHECK_IDLE_MILLIS = 10_000;

    private OkHttpReuse() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        OkHttpClient client = new OkHttpClient();
        ClientSteps.say("first " + call(client, mode, url));
        long idleSince = System.nanoTime();
        ClientSteps.idleUntilGo();
        if (mode.equals("post")) {
            long left = HEALTH_CHECK_IDLE_MILLIS + 500 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - idleSince);
            if (left > 0) {
                Thread.sleep(left); // the health check looks at how long the connection has been idle: time must pass
            }
        }
        ClientSteps.say("second " + call(client, mode, url));
        ClientSteps.say("connections made: " + client.connectionPool().connectionCount() + " pooled");
        client.connectionPool().evictAll();
        client.dispatcher().executorService().shutdown();
        ClientSteps.say("DONE");
    }

    private static String call(OkHttpClient client, String mode, String url) throws Exception {
        Request.Builder request = new Request.Builder().url(url);
        if (mode.equals("post")) {
            request.post(RequestBody.create("order=1", MediaType.get("application/x-www-form-urlencoded")));
        }
        try (Response response = client.newCall(request.build()).execute()) {
            response.body().string();
            return mode.toUpperCase() + ": " + response.code();
        }
    }
}
