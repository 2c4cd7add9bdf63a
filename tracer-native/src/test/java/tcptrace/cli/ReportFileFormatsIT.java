package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tcptrace.capture.PcapFileSource;
import tcptrace.report.PcapngComments;

/**
 * {@code report --format jfr} and {@code --format pcapng} on real captures of a traced client that closes, aborts
 * with SO_LINGER=0, or is killed: the verdicts must be readable by the JDK's own tools and by Wireshark's tshark.
 */
class ReportFileFormatsIT {
    @TempDir
    static Path tmp;

    private static ScenarioCapture close;
    private static ScenarioCapture linger0;
    private static ScenarioCapture kill;

    @BeforeAll
    static void capture() throws Exception {
        close = ScenarioCapture.run("close", tmp.resolve("close"), true);
        linger0 = ScenarioCapture.run("linger0", tmp.resolve("linger0"), false);
        kill = ScenarioCapture.run("kill", tmp.resolve("kill"), false);
    }

    @Test
    void jfrHoldsTheVerdictsAndTheApplicationsOwnEvents() throws Exception {
        Path out = tmp.resolve("close.jfr");

        Cli.Result r = Cli.run(close.report("--format", "jfr", "-o", out.toString()));

        assertThat(r.code()).as(r.err()).isZero();
        List<RecordedEvent> events = RecordingFile.readAllEvents(out);
        List<RecordedEvent> verdicts = events.stream()
                .filter(e -> e.getEventType().getName().equals("tcptrace.Verdict")).toList();
        assertThat(verdicts).filteredOn(e -> e.getString("src").equals(close.client())).singleElement()
                .satisfies(e -> {
                    assertThat(e.getString("verdict")).isEqualTo("APP_CLOSE");
                    assertThat(e.getString("packet")).isEqualTo("FIN");
                    assertThat(e.getLong("pid")).isEqualTo(close.pid());
                    assertThat(e.getString("explanation")).contains("closed the socket");
                    assertThat(e.getString("stack")).contains("tcptrace.cli.e2e.ScenarioClient.main(");
                    assertThat(e.getInstant("time")).isBefore(e.getStartTime());
                    // the client wrote "hello" just before its close: a short, known idle time
                    assertThat(e.getDuration("idle")).isBetween(java.time.Duration.ZERO,
                            java.time.Duration.ofSeconds(5));
                });
        assertThat(events).as(() -> "the client's own events, merged in; types: " + events.stream()
                        .map(e -> e.getEventType().getName()).distinct().toList())
                .anyMatch(e -> e.getEventType().getName().equals("tcptrace.Close")
                        && e.getInt("localPort") == close.clientPort());

        String printed = run(jfrTool().toString(), "print", "--events", "tcptrace.Verdict", out.toString());
        assertThat(printed).contains("tcptrace.Verdict").contains("verdict = \"APP_CLOSE\"")
                .contains("src = \"" + close.client() + "\"");
        assertThat(run(jfrTool().toString(), "print", "--events", "tcptrace.Close", out.toString()))
                .as("the application's events, readable beside the verdicts")
                .contains("localPort = " + close.clientPort()).contains("ScenarioClient.main(");
    }

    @ParameterizedTest
    @CsvSource({"close, APP_CLOSE, FIN", "linger0, APP_ABORT, RST", "kill, PROCESS_EXIT (killed), FIN"})
    void pcapngCommentsTheClientsEndWithItsVerdict(String mode, String verdict, String packet) throws Exception {
        ScenarioCapture c = switch (mode) {
            case "close" -> close;
            case "linger0" -> linger0;
            default -> kill;
        };
        Path out = tmp.resolve(mode + ".pcapng");

        Cli.Result r = Cli.run(c.report("--format", "pcapng", "-o", out.toString()));

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(frames(out)).as("every frame of the input, as captured").isEqualTo(frames(c.pcap()));
        List<String> comments = PcapngComments.of(out).stream().filter(s -> s != null).toList();
        assertThat(comments).anyMatch(s -> s.startsWith("tcptrace: " + verdict));

        String tshark = run("tshark", "-r", out.toString(), "-V", "-Y",
                "tcp.srcport == " + c.clientPort() + " && tcp.flags." + (packet.equals("RST") ? "reset" : "fin") + " == 1");
        assertThat(tshark).as("tshark's view of the client's " + packet).contains("tcptrace: " + verdict);
    }

    private static long frames(Path capture) throws Exception {
        try (PcapFileSource s = PcapFileSource.open(capture)) {
            return s.run(segment -> { }).frames();
        }
    }

    private static Path jfrTool() {
        Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
        assertThat(jfr).as("the JDK's jfr tool").isExecutable();
        return jfr;
    }

    /** Runs a tool and returns its output; a missing tool or a failure fails the test with what it said. */
    static String run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError(command[0] + " is missing (" + e.getMessage() + "): install it, e.g. "
                    + "apt-get install -y tshark", e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(command[0] + " ended").isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + text).isZero();
        return text;
    }
}
