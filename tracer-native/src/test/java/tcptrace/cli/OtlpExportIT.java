package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.AnyValue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.cli.e2e.ScenarioServer;
import tcptrace.cli.e2e.TracedChild;
import tcptrace.export.OtlpReceiver;
import tcptrace.testing.Await;

/**
 * {@code capture --otlp} against a collector of the test's own that decodes the protobuf requests: one log record per
 * verdict with its attributes, the counters as metrics, and a collector that is down then up.
 */
class OtlpExportIT {
    private static final String INTERVAL = "otel.metric.export.interval";

    @TempDir
    Path tmp;

    @BeforeEach
    void exportMetricsOften() {
        System.setProperty(INTERVAL, "300"); // the SDK reads OTEL_METRIC_EXPORT_INTERVAL here too
    }

    @AfterEach
    void restore() {
        System.clearProperty(INTERVAL);
    }

    @Test
    void eachVerdictIsALogRecordAndTheCountersAreMetrics() throws Exception {
        Await.requireRoot("it captures on lo");
        Path journals = tmp.resolve("journals");
        Path json = tmp.resolve("out.jsonl");
        try (var server = new ScenarioServer(); var collector = OtlpReceiver.start(0);
             var capture = LiveCapture.start("-i", "lo", "-f", "tcp port " + server.port(), "--journal-dir",
                     journals.toString(), "--json", json.toString(), "--otlp", collector.url())) {
            int clientPort;
            long pid;
            try (var child = TracedChild.start("close", server.port(), journals)) {
                clientPort = child.localPort();
                pid = child.pid();
                child.awaitExit(Duration.ofSeconds(60));
            }
            Await.until(() -> "the client's FIN in " + lines(json), Duration.ofSeconds(30),
                    () -> lines(json).stream().anyMatch(l -> l.contains("\"src\":\"127.0.0.1:" + clientPort + "\"")));
            Await.until(() -> "one log record per verdict (" + lines(json) + "), got " + collector.logRecords(),
                    Duration.ofSeconds(30), () -> collector.logRecords().size() == lines(json).size());
            Await.until(() -> "the verdict counter as a metric", Duration.ofSeconds(30), () -> collector.latest(
                    "tcptrace.verdicts", Map.of("tcptrace.verdict", "APP_CLOSE", "tcptrace.packet", "FIN"))
                    .map(p -> p.getAsInt() == 1).orElse(false));

            var close = collector.logRecords().stream()
                    .filter(r -> r.attributes().get("source.port").getIntValue() == clientPort).toList();
            assertThat(close).hasSize(1);
            var record = close.get(0);
            Map<String, AnyValue> a = record.attributes();
            assertThat(record.record().getBody().getStringValue()).startsWith("the application closed the socket");
            assertThat(record.record().getTimeUnixNano()).isPositive();
            assertThat(record.record().getEventName()).isEqualTo("tcptrace.verdict");
            assertThat(a.get("tcptrace.verdict").getStringValue()).isEqualTo("APP_CLOSE");
            assertThat(a.get("tcptrace.packet").getStringValue()).isEqualTo("FIN");
            assertThat(a).doesNotContainKeys("tcptrace.exit", "tcptrace.reason");
            assertThat(a.get("source.address").getStringValue()).isEqualTo("127.0.0.1");
            assertThat(a.get("destination.address").getStringValue()).isEqualTo("127.0.0.1");
            assertThat(a.get("destination.port").getIntValue()).isEqualTo(server.port());
            assertThat(a.get("process.pid").getIntValue()).isEqualTo(pid);
            assertThat(a.get("thread.name").getStringValue()).isEqualTo("main");
            assertThat(a.get("code.stacktrace").getStringValue())
                    .contains("at tcptrace.cli.e2e.ScenarioClient.main(ScenarioClient.java:");
            String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            assertThat(record.resourceAttributes().get("service.name").getStringValue()).isEqualTo("tcptrace");
            assertThat(record.resourceAttributes().get("host.name").getStringValue()).isEqualTo(host);
            assertThat(collector.latest("tcptrace.packets", Map.of())).hasValueSatisfying(p ->
                    assertThat(p.getAsInt()).isPositive());
            assertThat(collector.latest("tcptrace.connections.open", Map.of())).isPresent();

            int code = capture.stop();
            assertThat(code).as(capture.err() + capture.out()).isZero();
            assertThat(capture.out()).contains("export: " + lines(json).size() + " verdicts sent to OTLP "
                    + collector.url() + ", 0 dropped (queue full)");
            assertThat(capture.err()).doesNotContain("unreachable");
        }
    }

    /**
     * The collector is down while the verdicts come: they wait in the queue (bound 2 here), the one more is dropped
     * and counted, the collector is named once; once it is up, the queued ones arrive, in order.
     */
    @Test
    void aCollectorDownThenUpGetsEverythingQueuedWithinTheBound() throws Exception {
        Await.requireRoot("it captures on lo");
        Path journals = tmp.resolve("journals");
        Path json = tmp.resolve("out.jsonl");
        int port = freePort();
        String url = "http://127.0.0.1:" + port;
        try (var server = new ScenarioServer();
             var capture = LiveCapture.start("-i", "lo", "-f", "tcp port " + server.port(), "--journal-dir",
                     journals.toString(), "--json", json.toString(), "--otlp", url, "--otlp-queue", "2")) {
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
            // the server's FIN to the first client makes three: one more than the queue holds
            Await.until(() -> "the close and the abort of the two clients, and a third verdict, in " + lines(json),
                    Duration.ofSeconds(30), () -> lines(json).size() >= 3
                            && VerdictLines.hasOne(lines(json), "APP_CLOSE", "FIN", closePort, closePid)
                            && VerdictLines.hasOne(lines(json), "APP_ABORT", "RST", abortPort, abortPid));
            assertThat(VerdictLines.from(lines(json), closePort)).as("the first client's only packet with a verdict")
                    .hasSize(1);
            assertThat(VerdictLines.from(lines(json), abortPort)).as("the second client's only packet with a verdict")
                    .hasSize(1);
            Await.until(() -> "the collector named as unreachable: " + capture.err(), Duration.ofSeconds(30),
                    () -> capture.err().contains("is unreachable"));
            List<String> verdicts = lines(json);

            try (var collector = OtlpReceiver.start(port)) {
                Await.until(() -> "the two queued records, got " + collector.logRecords(), Duration.ofSeconds(30),
                        () -> collector.logRecords().size() >= 2);
                Await.until(() -> "the drop counted in the metrics", Duration.ofSeconds(30), () -> collector
                        .latest("tcptrace.export.dropped_records", Map.of())
                        .map(p -> p.getAsInt() == verdicts.size() - 2).orElse(false));

                var received = collector.logRecords();
                assertThat(received).hasSize(2);
                for (int i = 0; i < 2; i++) {
                    assertThat(verdicts.get(i)).as("queued in the order decided")
                            .contains("\"src\":\"127.0.0.1:"
                                    + received.get(i).attributes().get("source.port").getIntValue() + "\"")
                            .contains("\"verdict\":\"" + received.get(i).attributes().get("tcptrace.verdict")
                                    .getStringValue() + "\"");
                }
                capture.stop();
            }
            assertThat(occurrences(capture.err(), "is unreachable")).as(capture.err()).isEqualTo(1);
            assertThat(capture.err()).contains("OTLP collector " + url + " is reachable again");
            assertThat(capture.out()).contains("export: 2 verdicts sent to OTLP " + url + ", "
                    + (verdicts.size() - 2) + " dropped (queue full)");
        }
    }

    private static int occurrences(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
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
