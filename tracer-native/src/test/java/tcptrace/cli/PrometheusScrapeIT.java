package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.cli.e2e.ScenarioServer;
import tcptrace.cli.e2e.TracedChild;
import tcptrace.testing.Await;

/**
 * A real Prometheus server (Debian's package) scrapes {@code capture --prometheus} while traced clients end their
 * connections; the verdict counters are read back through Prometheus's own query API. Prometheus runs in a network
 * namespace of the test's, as it would on a monitoring host: capture listens on the host's end of a veth pair, not on
 * loopback, which Prometheus could not reach from there.
 */
class PrometheusScrapeIT {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.e+]+,\"([^\"]+)\"\\]");

    @TempDir
    Path tmp;

    @Test
    void prometheusScrapesTheVerdictCounters() throws Exception {
        Await.requireRoot("it captures on lo and makes a network namespace");
        if (!Files.isExecutable(PROMETHEUS)) {
            throw new AssertionError(PROMETHEUS + " is missing: install Debian's prometheus package "
                    + "(bash src/setup.sh --tests does)");
        }
        long me = ProcessHandle.current().pid();
        String ns = "ttprom" + me;
        String hostSide = "tph" + me % 1_000_000;
        String nsSide = "tpn" + me % 1_000_000;
        String subnet = "10.93." + (me % 250 + 1);
        String hostIp = subnet + ".1";
        String nsIp = subnet + ".2";
        List<List<String>> undo = new ArrayList<>();
        Process prometheus = null;
        try {
            run("ip", "netns", "add", ns);
            undo.add(0, List.of("ip", "netns", "del", ns));
            run("ip", "-n", ns, "link", "set", "lo", "up");
            run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", nsSide, "netns", ns);
            undo.add(0, List.of("ip", "link", "del", hostSide));
            run("ip", "addr", "add", hostIp + "/30", "dev", hostSide);
            run("ip", "link", "set", hostSide, "up");
            run("ip", "-n", ns, "addr", "add", nsIp + "/30", "dev", nsSide);
            run("ip", "-n", ns, "link", "set", nsSide, "up");

            int metricsPort = freePort(hostIp);
            Path config = tmp.resolve("prometheus.yml");
            Files.writeString(config, String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "scrape_configs:",
                    "  - job_name: tcptrace",
                    "    static_configs:",
                    "      - targets: ['" + hostIp + ":" + metricsPort + "']",
                    ""));
            prometheus = new ProcessBuilder("ip", "netns", "exec", ns, PROMETHEUS.toString(),
                    "--config.file=" + config, "--storage.tsdb.path=" + tmp.resolve("data"),
                    "--web.listen-address=" + nsIp + ":9090")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
            String api = "http://" + nsIp + ":9090";
            Process started = prometheus;
            Await.until(() -> "Prometheus ready (" + log(tmp.resolve("prometheus.log")) + ")", Duration.ofSeconds(60),
                    () -> started.isAlive() && status(api + "/-/ready") == 200);

            Path journals = tmp.resolve("journals");
            Path json = tmp.resolve("out.jsonl");
            try (var server = new ScenarioServer();
                 var capture = LiveCapture.start("-i", "lo", "-f", "tcp port " + server.port(), "--journal-dir",
                         journals.toString(), "--json", json.toString(),
                         "--prometheus", hostIp + ":" + metricsPort)) {
                Await.until(() -> "Prometheus scraping capture: " + query(api, "up{job=\"tcptrace\"}"),
                        Duration.ofSeconds(30), () -> query(api, "up{job=\"tcptrace\"}").orElse(0) == 1);
                int closePort;
                long closePid;
                try (var child = TracedChild.start("close", server.port(), journals)) {
                    closePort = child.localPort();
                    closePid = child.pid();
                    child.awaitExit(Duration.ofSeconds(60));
                }
                int abortPort;
                long abortPid;
                try (var child = TracedChild.start("linger0", server.port(), journals)) {
                    abortPort = child.localPort();
                    abortPid = child.pid();
                    child.awaitExit(Duration.ofSeconds(60));
                }
                Await.until(() -> "the first client's APP_CLOSE (pid " + closePid + ") and the second's APP_ABORT "
                        + "(pid " + abortPid + ") in " + lines(json), Duration.ofSeconds(30),
                        () -> VerdictLines.hasOne(lines(json), "APP_CLOSE", "FIN", closePort, closePid)
                                && VerdictLines.hasOne(lines(json), "APP_ABORT", "RST", abortPort, abortPid));
                assertThat(VerdictLines.from(lines(json), closePort)).hasSize(1);
                assertThat(VerdictLines.from(lines(json), abortPort)).hasSize(1);

                String closes = "tcptrace_verdicts_total{verdict=\"APP_CLOSE\",packet=\"FIN\"}";
                String aborts = "tcptrace_verdicts_total{verdict=\"APP_ABORT\",packet=\"RST\"}";
                Await.until(() -> "Prometheus to have scraped every verdict: " + query(api, closes) + " "
                        + query(api, aborts) + " " + query(api, "sum(tcptrace_verdicts_total)") + " of " + lines(json),
                        Duration.ofSeconds(30), () -> query(api, closes).orElse(0) == 1
                                && query(api, aborts).orElse(0) == 1
                                && query(api, "sum(tcptrace_verdicts_total)").orElse(0) == lines(json).size());
                assertThat(query(api, "tcptrace_packets_total").orElse(0)).isPositive();
                assertThat(query(api, "tcptrace_connections_total").orElse(0)).isEqualTo(2);
                assertThat(query(api, "tcptrace_capture_dropped_packets_total")).hasValue(0);
                assertThat(query(api, "tcptrace_open_connections")).isPresent();
                assertThat(query(api, "count(tcptrace_verdicts_total{peer!=\"\"})"))
                        .as("no peer label unless asked for").isEmpty();
                assertThat(capture.stop()).as(capture.err() + capture.out()).isZero();
                assertThat(capture.out()).contains("export: metrics served on http://" + hostIp + ":" + metricsPort
                        + "/metrics");
            }
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
            for (List<String> command : undo) {
                new ProcessBuilder(command).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The single value of an instant query, or empty when it has no series. */
    private static OptionalDouble query(String api, String promql) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = VALUE.matcher(body);
            return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
        } catch (IOException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort(String ip) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ip))) {
            return s.getLocalPort();
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
    }

    private static String log(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
