package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tcptrace.cli.e2e.Tcpdump;
import tcptrace.cli.e2e.TracedChild;
import tcptrace.testing.Await;

/**
 * Netty's epoll and io_uring transports and the JDK's AsynchronousSocketChannel, client and server in one JVM under
 * the agent, through the agent module's own test programs: post-mortem ({@code report} on tcpdump's file and the
 * journal), every FIN that JVM sent is its application's close or half-close, none is taken for the peer's.
 */
class StacksReportIT {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"tcptrace.testapp.netty.EpollEnds", "tcptrace.testapp.AsyncEnds",
            "tcptrace.testapp.netty.UringEnds"})
    void everyFinOfTheTracedJvmIsItsApplicationsEnd(String program) throws Exception {
        Await.requireRoot("tcpdump captures on lo");
        int port = freePort();
        Path journals = tmp.resolve("journals");
        List<String> out;
        try (Tcpdump tcpdump = Tcpdump.start(tmp.resolve("lo.pcap"), port)) {
            out = runTraced(program, port, journals);
            // every FIN asserted below is in the file before tcpdump stops (what it has not read yet is lost)
            for (String scenario : List.of("client-close", "server-close")) {
                tcpdump.awaitEndFrom(Integer.parseInt(line(out, scenario)[1]));
                tcpdump.awaitEndFrom(Integer.parseInt(line(out, scenario)[2]));
            }
            tcpdump.awaitEndFrom(Integer.parseInt(line(out, "shutdown-output")[1]));
            tcpdump.close();
            Path journal;
            try (Stream<Path> files = Files.list(journals)) {
                journal = files.filter(p -> p.toString().endsWith(".journal")).findFirst().orElseThrow();
            }
            Cli.Result r = Cli.run("report", "--pcap", tcpdump.file().toString(), "--journal", journal.toString(),
                    "--format", "json");
            assertThat(r.code()).as(r.err() + r.out()).isZero();
            List<String> records = r.out().lines().toList();

            for (String scenario : List.of("client-close", "server-close")) {
                String[] ports = line(out, scenario);
                assertThat(fin(records, ports[1])).as(scenario + " client's FIN in %s", records)
                        .startsWith("{\"verdict\":\"APP_CLOSE\"");
                assertThat(fin(records, ports[2] + "\",\"dst\":\"127.0.0.1:" + ports[1]))
                        .as(scenario + " server's FIN in %s", records).startsWith("{\"verdict\":\"APP_CLOSE\"");
            }
            String[] halfClose = line(out, "shutdown-output");
            assertThat(fin(records, halfClose[1])).as("the half-close in %s", records)
                    .startsWith("{\"verdict\":\"APP_SHUTDOWN_OUTPUT\"");
            assertThat(records).filteredOn(l -> l.contains("\"packet\":\"FIN\""))
                    .noneMatch(l -> l.startsWith("{\"verdict\":\"PEER_") || l.startsWith("{\"verdict\":\"UNATTRIBUTED"));
        }
    }

    private List<String> runTraced(String program, int port, Path journals) throws Exception {
        Path agentTarget = TracedChild.agentJar().getParent();
        StringBuilder classPath = new StringBuilder(agentTarget.resolve("test-classes").toString());
        // Netty 4.1 for the epoll program; io_uring is a transport of 4.2's
        String nettyJars = program.endsWith("UringEnds") ? "netty-4.2-io_uring" : "netty-4.1";
        try (Stream<Path> netty = Files.list(agentTarget.resolve(nettyJars))) {
            netty.forEach(jar -> classPath.append(File.pathSeparatorChar).append(jar));
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + TracedChild.agentJar() + "=journal=" + journals + ",off=jfr",
                "-cp", classPath.toString(), program, "port=" + port));
        Path stdout = tmp.resolve("stdout.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
                .redirectError(tmp.resolve("stderr.txt").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(program + " did not finish");
        }
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("stderr.txt"))).isZero();
        return Files.readAllLines(stdout);
    }

    /** The record of the FIN from 127.0.0.1:{@code from} (a port, maybe followed by more of the record). */
    private static String fin(List<String> records, String from) {
        return records.stream().filter(l -> l.contains("\"src\":\"127.0.0.1:" + from + "\"")
                || l.contains("\"src\":\"127.0.0.1:" + from))
                .filter(l -> l.contains("\"packet\":\"FIN\"")).findFirst().orElse("no FIN from " + from);
    }

    private static String[] line(List<String> out, String scenario) {
        return out.stream().filter(l -> l.startsWith(scenario + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + scenario + "' in " + out)).split(" ");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
