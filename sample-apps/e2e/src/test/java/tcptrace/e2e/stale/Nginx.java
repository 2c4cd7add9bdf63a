package tcptrace.e2e.stale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's nginx in the server namespace, untraced: a keep-alive HTTP/1.1 server that closes a connection once it
 * has been idle for {@code keepalive_timeout}, as it does in production (75 s by default).
 */
final class Nginx implements AutoCloseable {
    static final int PORT = 8080;
    private final Background process;

    private Nginx(Background process) {
        this.process = process;
    }

    static Nginx start(PeerNetwork net, Path dir, Duration keepaliveTimeout) throws IOException {
        if (!Commands.onPath("nginx")) {
            throw new AssertionError("nginx is missing: run `bash src/setup.sh --tests` (Debian package nginx-light)");
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, String.join("\n",
                "daemon off;",
                "master_process off;",
                "user root;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("nginx-error.log") + " info;",
                "events { worker_connections 64; }",
                "http {",
                "  access_log " + dir.resolve("nginx-access.log") + ";",
                "  client_body_temp_path " + dir.resolve("nginx-body") + ";",
                "  keepalive_timeout " + keepaliveTimeout.toMillis() + "ms;",
                "  server {",
                "    listen " + net.serverIp + ":" + PORT + ";",
                "    location / { return 200 \"ok\\n\"; }",
                "  }",
                "}", ""));
        Background b = Background.start("nginx", net.onServer(List.of("nginx", "-c", conf.toString(),
                "-e", dir.resolve("nginx-error.log").toString())), dir.resolve("nginx.out"));
        Nginx n = new Nginx(b);
        // nginx prints nothing when it is up: the error log (at info) says when the listener is there
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Path log = dir.resolve("nginx-error.log");
        while (!listening(net)) {
            if (System.nanoTime() > deadline) {
                n.close();
                throw new AssertionError("nginx did not listen within 20 s: " + (Files.exists(log)
                        ? Files.readString(log) : "") + b.output());
            }
            Await.shortPause();
        }
        return n;
    }

    private static boolean listening(PeerNetwork net) {
        return Commands.check(net.onServer(List.of("ss", "-Hltn", "sport = :" + PORT))).contains(":" + PORT);
    }

    @Override
    public void close() {
        process.close();
    }
}
