package tcptrace.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tcptrace.cli.e2e.ScenarioServer;
import tcptrace.cli.e2e.Tcpdump;
import tcptrace.cli.e2e.TracedChild;
import tcptrace.testing.Await;

/**
 * Real inputs for the report formats: a traced client JVM ends a loopback connection one way while tcpdump captures
 * it; what is left is the capture, the client's journal and (when asked) its JFR recording.
 *
 * @param pcap       tcpdump's file
 * @param journal    the client's journal
 * @param jfr        the client's JFR recording, or null
 * @param clientPort the client's local port
 * @param pid        the client's pid
 */
record ScenarioCapture(Path pcap, Path journal, Path jfr, int clientPort, long pid) {

    /**
     * @param mode     the client's way to end: close, linger0, kill, exit, shutdown, unread
     * @param dir      where to put the files (a directory of its own)
     * @param withJfr  also record JFR in the client
     */
    static ScenarioCapture run(String mode, Path dir, boolean withJfr) throws Exception {
        Await.requireRoot("tcpdump captures on lo");
        Files.createDirectories(dir);
        Path jfr = withJfr ? dir.resolve("client.jfr") : null;
        try (var server = new ScenarioServer();
             var tcpdump = Tcpdump.start(dir.resolve("lo.pcap"), server.port())) {
            int clientPort;
            long pid;
            Path journal;
            try (var child = TracedChild.start(mode, server.port(), dir.resolve("journals"),
                    jfr == null ? "" : ",jfr=" + jfr)) {
                clientPort = child.localPort();
                pid = child.pid();
                journal = child.journal();
                if (mode.equals("kill")) {
                    child.kill();
                }
                child.awaitExit(Duration.ofSeconds(60));
            }
            tcpdump.awaitEndFrom(clientPort);
            tcpdump.close();
            return new ScenarioCapture(tcpdump.file(), journal, jfr, clientPort, pid);
        }
    }

    String client() {
        return "127.0.0.1:" + clientPort;
    }

    /**
     * Arguments of {@code report} for these files, then {@code more}. The JFR recording replaces the journal when
     * there is one: both hold the same events, and evidence given twice is counted twice.
     */
    String[] report(String... more) {
        List<String> args = new ArrayList<>(List.of("report", "--pcap", pcap.toString()));
        args.addAll(jfr != null ? List.of("--jfr", jfr.toString()) : List.of("--journal", journal.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
