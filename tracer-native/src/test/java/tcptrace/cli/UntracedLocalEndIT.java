package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tcptrace.cli.e2e.PlainChild;
import tcptrace.cli.e2e.Tcpdump;
import tcptrace.cli.e2e.TracedChild;
import tcptrace.cli.e2e.UntracedServer;
import tcptrace.testing.Await;

/**
 * An untraced process on this host is never "the peer": over loopback, beside a plain JVM without the agent, its FIN
 * is UNATTRIBUTED post-mortem (tcpdump's file) and live, where the kernel names the process that held the socket.
 */
class UntracedLocalEndIT {
    @TempDir
    Path tmp;

    @Test
    void untracedLocalServersFinIsUnattributedPostMortem() throws Exception {
        Await.requireRoot("tcpdump captures on lo");
        Path journal;
        int clientPort;
        int port;
        Path pcap = tmp.resolve("lo.pcap");
        try (var server = PlainChild.start(UntracedServer.class, "60000")) {
            port = server.number();
            try (var tcpdump = Tcpdump.start(pcap, port)) {
                try (var client = TracedChild.start("close", port, tmp.resolve("journals"))) {
                    clientPort = client.localPort();
                    journal = client.journal();
                    client.awaitExit(Duration.ofSeconds(60));
                }
                assertThat(server.awaitExit(30)).as("the server closed after the client's FIN and ended").isTrue();
                tcpdump.awaitEndFrom(port);
            }
        }

        Cli.Result withJournal = Cli.run("report", "--pcap", pcap.toString(), "--journal", journal.toString(),
                "--format", "json");
        assertThat(withJournal.code()).as(withJournal.err()).isZero();
        List<String> records = withJournal.out().lines().toList();
        assertThat(finFrom(port, records)).as("the server's FIN in %s", records).hasValueSatisfying(l ->
                assertThat(l).startsWith("{\"verdict\":\"UNATTRIBUTED\",\"src\":\"127.0.0.1:" + port + "\"")
                        .contains("\"pid\":null")
                        .contains("\"explanation\":\"127.0.0.1:" + port + " is on this host (loopback) but no traced "
                                + "JVM recorded this connection: its owner is not traced, or closed it through a path "
                                + "the agent does not see\""));
        assertThat(finFrom(clientPort, records)).hasValueSatisfying(l ->
                assertThat(l).startsWith("{\"verdict\":\"APP_CLOSE\""));
        assertThat(records).noneMatch(l -> l.contains("PEER_"));

        // without any evidence, both ends are still this host's
        Cli.Result bare = Cli.run("report", "--pcap", pcap.toString(), "--format", "json");
        assertThat(bare.code()).as(bare.err()).isZero();
        assertThat(bare.out().lines().filter(l -> l.contains("\"packet\":\"FIN\"")).toList()).hasSize(2)
                .allMatch(l -> l.startsWith("{\"verdict\":\"UNATTRIBUTED\""));
    }

    @Test
    void liveCaptureNamesTheOwnerOfEachUntracedLocalEnd() throws Exception {
        Await.requireRoot("it captures on lo");
        Path json = tmp.resolve("out.jsonl");
        Path journals = Files.createDirectories(tmp.resolve("journals"));
        // the server's idle timeout: it closes first, 2 s after the connection was made
        try (var server = PlainChild.start(UntracedServer.class, "2000")) {
            int port = server.number();
            CommandLine cl = Tcptrace.commandLine();
            CaptureCommand capture = cl.getSubcommands().get("capture").getCommand();
            CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(cl, "capture", "-i", "lo",
                    "-f", "tcp port " + port, "--journal-dir", journals.toString(), "--json", json.toString(),
                    "--duration", "120s"));
            assertThat(capture.awaitStarted(Duration.ofSeconds(30))).as("capture started").isTrue();
            int clientPort;
            try {
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    clientPort = client.getLocalPort();
                    InputStream in = client.getInputStream();
                    while (in.read() != -1) {
                        // until the server's FIN
                    }
                }
                Await.until(() -> "records about both FINs (so far: " + lines(json) + ")", Duration.ofSeconds(30),
                        () -> finFrom(port, lines(json)).isPresent() && finFrom(clientPort, lines(json)).isPresent());
            } finally {
                capture.stop();
            }
            Cli.Result r = run.get(60, TimeUnit.SECONDS);
            assertThat(r.code()).as(r.err() + r.out()).isEqualTo(r.evidenceIncomplete() ? 1 : 0);

            List<String> records = lines(json);
            assertThat(finFrom(port, records)).hasValueSatisfying(l ->
                    assertThat(l).startsWith("{\"verdict\":\"UNATTRIBUTED\",\"src\":\"127.0.0.1:" + port + "\"")
                            .contains("\"pid\":" + server.pid() + ",")
                            .contains("\"explanation\":\"127.0.0.1:" + port + " is on this host (loopback): pid "
                                    + server.pid() + " (java) is not traced (it holds this socket), so nothing says "
                                    + "why it sent this FIN\""));
            long self = ProcessHandle.current().pid();
            assertThat(finFrom(clientPort, records)).hasValueSatisfying(l ->
                    assertThat(l).startsWith("{\"verdict\":\"UNATTRIBUTED\",\"src\":\"127.0.0.1:" + clientPort + "\"")
                            .contains("\"pid\":" + self + ",")
                            .contains("pid " + self + " (java) is not traced"));
        }
    }

    private static Optional<String> finFrom(int port, List<String> records) {
        return records.stream().filter(l -> l.contains("\"src\":\"127.0.0.1:" + port + "\"")
                && l.contains("\"packet\":\"FIN\"")).findFirst();
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
