package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.cli.e2e.Tcpdump;
import tcptrace.cli.e2e.TracedChild;
import tcptrace.testing.Await;

/**
 * The agent's {@code stack=close} end to end: a JVM that leaks a socket, post-mortem on tcpdump's file and its
 * journal. The Cleaner's FIN is still GC_CLEANER_CLOSE, saying that where the socket was opened is unknown; the
 * application's own close keeps its stack.
 */
class CloseStacksOnlyIT {
    @TempDir
    Path tmp;

    @Test
    void aLeakUnderStackCloseIsACleanerCloseWhoseOpeningIsUnknown() throws Exception {
        Await.requireRoot("tcpdump captures on lo");
        int port = freePort();
        Path journals = tmp.resolve("journals");
        try (Tcpdump tcpdump = Tcpdump.start(tmp.resolve("lo.pcap"), port)) {
            String line = runLeak(port, journals);
            assertThat(line).endsWith(" cleaned");
            int leakedPort = Integer.parseInt(line.split(" ")[1]);
            tcpdump.awaitEndFrom(leakedPort);
            tcpdump.awaitEndFrom(port);
            tcpdump.close();
            Path journal;
            try (Stream<Path> files = Files.list(journals)) {
                journal = files.filter(p -> p.toString().endsWith(".journal")).findFirst().orElseThrow();
            }
            Cli.Result r = Cli.run("report", "--pcap", tcpdump.file().toString(), "--journal", journal.toString(),
                    "--format", "json");
            assertThat(r.code()).as(r.err() + r.out()).isZero();
            List<String> records = r.out().lines().toList();

            assertThat(fin(records, leakedPort)).as("the leak's FIN in %s", records)
                    .startsWith("{\"verdict\":\"GC_CLEANER_CLOSE\"")
                    .contains("\"thread\":\"Common-Cleaner\"")
                    .contains("\"stack\":[]")
                    .contains("where it was opened is unknown: the agent kept no opening stack");
            assertThat(fin(records, port)).as("the server's FIN in %s", records)
                    .startsWith("{\"verdict\":\"APP_CLOSE\"")
                    .contains("tcptrace.testapp.LeakedSocket.main(LeakedSocket.java:");
        }
    }

    /** LeakedSocket of the agent's tests under {@code stack=close}; its one line of output. */
    private String runLeak(int port, Path journals) throws Exception {
        Path agentTarget = TracedChild.agentJar().getParent();
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + TracedChild.agentJar() + "=journal=" + journals + ",off=jfr,stack=close",
                "-cp", agentTarget.resolve("test-classes").toString(), "tcptrace.testapp.LeakedSocket",
                "port=" + port);
        Path stdout = tmp.resolve("stdout.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
                .redirectError(tmp.resolve("stderr.txt").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("LeakedSocket did not finish");
        }
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("stderr.txt"))).isZero();
        return Files.readAllLines(stdout).get(0);
    }

    private static String fin(List<String> records, int from) {
        return records.stream().filter(l -> l.contains("\"src\":\"127.0.0.1:" + from + "\""))
                .filter(l -> l.contains("\"packet\":\"FIN\"")).findFirst().orElse("no FIN from " + from);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
