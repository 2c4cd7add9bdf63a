package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;
import tcptrace.cli.e2e.ScenarioServer;
import tcptrace.cli.e2e.Tcpdump;
import tcptrace.cli.e2e.TracedChild;
import tcptrace.testing.Await;

/**
 * End to end over loopback with the real agent: a traced client JVM ends its connection one way; its end must get
 * the right verdict both post-mortem (tcpdump's file + the journal → {@code report --format json}) and live
 * ({@code capture --json}).
 */
class LoopbackScenariosIT {
    enum Scenario {
        CLOSE("close", "APP_CLOSE", "FIN", null, "closed the socket", true),
        LINGER_ZERO("linger0", "APP_ABORT", "RST", null, "SO_LINGER=0", true),
        SYSTEM_EXIT("exit", "PROCESS_EXIT", "FIN", "orderly", "shut down in order", false),
        KILL_9("kill", "PROCESS_EXIT", "FIN", "killed", "killed or crashed", false),
        SHUTDOWN_OUTPUT("shutdown", "APP_SHUTDOWN_OUTPUT", "FIN", null, "shut down output", true),
        UNREAD_DATA("unread", "APP_ABORT", "RST", null, "unread data", true);

        final String mode;
        final String verdict;
        final String packet;
        final String exit;
        final String explanation;
        final boolean clientFrameInStack;

        Scenario(String mode, String verdict, String packet, String exit, String explanation,
                 boolean clientFrameInStack) {
            this.mode = mode;
            this.verdict = verdict;
            this.packet = packet;
            this.exit = exit;
            this.explanation = explanation;
            this.clientFrameInStack = clientFrameInStack;
        }
    }

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void reportOnTcpdumpCaptureAndJournal(Scenario s) throws Exception {
        Await.requireRoot("tcpdump captures on lo");
        Path journals = tmp.resolve("journals");
        try (var server = new ScenarioServer();
             var tcpdump = Tcpdump.start(tmp.resolve("lo.pcap"), server.port())) {
            int clientPort;
            Path journal;
            try (var child = TracedChild.start(s.mode, server.port(), journals)) {
                clientPort = child.localPort();
                journal = child.journal();
                if (s.mode.equals("kill")) {
                    child.kill();
                }
                child.awaitExit(Duration.ofSeconds(60));
            }
            tcpdump.awaitEndFrom(clientPort);
            tcpdump.close();

            Cli.Result r = Cli.run("report", "--pcap", tcpdump.file().toString(), "--journal", journal.toString(),
                    "--format", "json");

            assertThat(r.code()).as(r.err()).isZero();
            assertClientRecord(s, clientPort, r.out().lines().toList());
        }
    }

    @Test
    void reportOnTcpdumpCaptureAndJfrRecording() throws Exception {
        Await.requireRoot("tcpdump captures on lo");
        Path jfr = tmp.resolve("client.jfr");
        try (var server = new ScenarioServer();
             var tcpdump = Tcpdump.start(tmp.resolve("lo.pcap"), server.port())) {
            int clientPort;
            try (var child = TracedChild.start("close", server.port(), tmp.resolve("journals"), ",jfr=" + jfr)) {
                clientPort = child.localPort();
                child.awaitExit(Duration.ofSeconds(60));
            }
            tcpdump.awaitEndFrom(clientPort);
            tcpdump.close();

            Cli.Result r = Cli.run("report", "--pcap", tcpdump.file().toString(), "--jfr", jfr.toString(),
                    "--format", "json");

            assertThat(r.code()).as(r.err()).isZero();
            assertClientRecord(Scenario.CLOSE, clientPort, r.out().lines().toList());
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void liveCapture(Scenario s) throws Exception {
        Await.requireRoot("it captures on lo");
        Path journals = tmp.resolve("journals");
        Path json = tmp.resolve("out.jsonl");
        try (var server = new ScenarioServer()) {
            CommandLine cl = Tcptrace.commandLine();
            CaptureCommand capture = cl.getSubcommands().get("capture").getCommand();
            CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(cl, "capture", "-i", "lo",
                    "-f", "tcp port " + server.port(), "--journal-dir", journals.toString(), "--json", json.toString(),
                    "--duration", "120s"));
            assertThat(capture.awaitStarted(Duration.ofSeconds(30))).as("capture started").isTrue();
            int clientPort;
            try (var child = TracedChild.start(s.mode, server.port(), journals)) {
                clientPort = child.localPort();
                if (s.mode.equals("kill")) {
                    child.kill();
                }
                child.awaitExit(Duration.ofSeconds(60));
                Await.until(() -> "a record about the client's " + s.packet + " (records so far: " + lines(json) + ")",
                        Duration.ofSeconds(30), () -> clientRecord(clientPort, s.packet, lines(json)).isPresent());
            } finally {
                capture.stop();
            }
            Cli.Result r = run.get(60, TimeUnit.SECONDS);

            // 1 means "evidence incomplete": only right when the summary shows drops or damage
            assertThat(r.code()).as(r.err() + r.out()).isEqualTo(r.evidenceIncomplete() ? 1 : 0);
            assertClientRecord(s, clientPort, lines(json));
        }
    }

    /**
     * The record about the client's FIN or RST. A close with unread data sends both on JDK 17+ (NioSocketImpl.close()
     * shuts output down before close(2) resets): the FIN is then APP_CLOSE and the RST is the abort.
     */
    private static void assertClientRecord(Scenario s, int clientPort, List<String> records) {
        String src = "127.0.0.1:" + clientPort;
        List<String> mine = records.stream().filter(l -> l.contains("\"src\":\"" + src + "\"")
                && l.contains("\"packet\":\"" + s.packet + "\"")).toList();
        assertThat(mine).as(s.packet + " records with src " + src + " in %s", records).singleElement().satisfies(l -> {
            assertThat(l).startsWith("{\"verdict\":\"" + s.verdict + "\",\"src\":\"" + src + "\"")
                    .contains("\"packet\":\"" + s.packet + "\"")
                    .contains("\"exit\":" + (s.exit == null ? "null" : "\"" + s.exit + "\""))
                    .contains(s.explanation);
            if (s.clientFrameInStack) {
                assertThat(l).contains("tcptrace.cli.e2e.ScenarioClient.main(ScenarioClient.java:");
            }
        });
    }

    private static Optional<String> clientRecord(int clientPort, String packet, List<String> lines) {
        return lines.stream().filter(l -> l.contains("\"src\":\"127.0.0.1:" + clientPort + "\"")
                && l.contains("\"packet\":\"" + packet + "\"")).findFirst();
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
