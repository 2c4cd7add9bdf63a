package tcptrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exports of the shipped jar, whose libraries load from its private folder (service files and all): a running
 * {@code java -jar tcptrace.jar capture --prometheus --otlp} answers a scrape and posts OTLP metrics, configured by
 * the standard OTEL_* variables.
 */
class FleetExportJarIT {
    @TempDir
    Path tmp;

    @Test
    void theJarServesMetricsAndSendsOtlpConfiguredByTheEnvironment() throws Exception {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!Integer.valueOf(0).equals(uid)) {
            throw new AssertionError("this test captures packets on lo and must run as root (uid " + uid + ")");
        }
        String jar = System.getProperty("tcptrace.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property tcptrace.jar does not name the built jar: " + jar);
        }
        List<byte[]> metricBodies = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        collector.createContext("/v1/metrics", x -> {
            try (x) {
                if ("application/x-protobuf".equals(x.getRequestHeaders().getFirst("Content-Type"))) {
                    metricBodies.add(x.getRequestBody().readAllBytes());
                }
                x.sendResponseHeaders(200, -1);
            }
        });
        collector.start();
        int metricsPort = freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "capture", "-i", "lo", "-f", "tcp port 9", "--duration", "60s",
                "--journal-dir", tmp.resolve("journals").toString(), "--prometheus", Integer.toString(metricsPort),
                "--otlp", "http://127.0.0.1:" + collector.getAddress().getPort())
                .redirectOutput(tmp.resolve("capture.out").toFile()).redirectError(tmp.resolve("capture.err").toFile());
        pb.environment().put("OTEL_METRIC_EXPORT_INTERVAL", "200");
        pb.environment().put("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=fleet-e2e");
        Process capture = pb.start();
        try {
            String scrape = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((!scrape.contains("tcptrace_packets_total") || metricBodies.isEmpty()) && System.nanoTime() < deadline
                    && capture.isAlive()) {
                scrape = get("http://127.0.0.1:" + metricsPort + "/metrics");
                Thread.sleep(100);
            }
            assertThat(scrape).as(Files.readString(tmp.resolve("capture.err")))
                    .contains("# TYPE tcptrace_packets_total counter", "tcptrace_open_connections 0.0");
            assertThat(metricBodies).as("OTLP metrics posted").isNotEmpty();
            String body = new String(metricBodies.get(metricBodies.size() - 1), StandardCharsets.ISO_8859_1);
            // protobuf keeps strings as they are: the resource and the metric names show in the raw request
            assertThat(body).contains("service.name", "tcptrace", "host.name", "deployment.environment.name",
                    "fleet-e2e", "tcptrace.packets", "tcptrace.connections.open");
        } finally {
            capture.destroy();
            assertThat(capture.waitFor(30, TimeUnit.SECONDS)).isTrue();
            collector.stop(0);
        }
        assertThat(capture.exitValue()).as(Files.readString(tmp.resolve("capture.err"))).isZero();
        assertThat(Files.readString(tmp.resolve("capture.out")))
                .contains("export: 0 verdicts sent to OTLP", "metrics served on http://127.0.0.1:" + metricsPort);
    }

    private static String get(String url) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
