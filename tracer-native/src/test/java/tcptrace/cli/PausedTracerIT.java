package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.cli.e2e.ScenarioServer;
import tcptrace.cli.e2e.TracedChild;
import tcptrace.testing.Await;

/**
 * A tracer that is stopped (SIGSTOP) for seconds at the worst moment, a traced JVM killed while it is stopped: once
 * it runs again it notices the death late, yet the FIN the kernel sent for the dead JVM is PROCESS_EXIT killed, since
 * the decision is bound by what the process watch saw, not by when it noticed.
 */
class PausedTracerIT {
    /** Longer than the hold and the watch's window together: the notice comes far too late for a wall-clock bet. */
    private static final Duration PAUSE = Duration.ofSeconds(3);

    @TempDir
    Path tmp;

    @Test
    void aJvmKilledWhileTheTracerIsStoppedIsProcessExitKilled() throws Exception {
        Await.requireRoot("it captures on lo");
        Path journals = tmp.resolve("journals");
        Path json = tmp.resolve("out.jsonl");
        Path log = tmp.resolve("tracer.log");
        try (var server = new ScenarioServer();
             var child = TracedChild.start("kill", server.port(), journals)) {
            Process tracer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Tcptrace.class.getName(), "capture", "-i", "lo",
                    "-f", "tcp port " + server.port(), "--journal-dir", journals.toString(), "--json",
                    json.toString(), "--duration", "60s").redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            try {
                Await.until("the tracer to capture", Duration.ofSeconds(30), () -> read(log).contains("capturing on"));
                Await.until("the tracer to follow the traced JVM", Duration.ofSeconds(30),
                        () -> tracerFollows(tracer.pid(), child.journal()));
                signal("STOP", tracer.pid());
                child.kill();
                child.awaitExit(Duration.ofSeconds(30));
                Thread.sleep(PAUSE.toMillis()); // the tracer stays stopped for this long after the kill: the scenario
                signal("CONT", tracer.pid());

                int clientPort = child.localPort();
                Await.until(() -> "a record of the client's FIN (so far: " + lines(json) + ")", Duration.ofSeconds(30),
                        () -> lines(json).stream().anyMatch(l -> l.contains("\"src\":\"127.0.0.1:" + clientPort + "\"")
                                && l.contains("\"packet\":\"FIN\"")));
                assertThat(lines(json)).filteredOn(l -> l.contains("\"src\":\"127.0.0.1:" + clientPort + "\""))
                        .singleElement().asString().startsWith("{\"verdict\":\"PROCESS_EXIT\"")
                        .contains("\"exit\":\"killed\"");
            } finally {
                signal("CONT", tracer.pid());
                tracer.destroy();
                tracer.waitFor();
            }
        }
    }

    /** The tracer has mapped the traced JVM's journal, so it knows the JVM before it is stopped. */
    private static boolean tracerFollows(long tracerPid, Path journal) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(tracerPid), "maps"))
                    .contains(journal.toAbsolutePath().toString());
        } catch (IOException e) {
            return false;
        }
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", name, pid).isZero();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> lines(Path p) {
        return read(p).lines().toList();
    }
}
