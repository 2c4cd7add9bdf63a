package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.cli.e2e.ScenarioServer;
import tcptrace.cli.e2e.TracedChild;
import tcptrace.testing.Await;

/** {@code capture} in a real terminal (a tmux pane): one screen, redrawn, with the verdicts counted as they come. */
class TerminalViewIT {
    private static final String SESSION = "tcptrace-terminal-view-" + ProcessHandle.current().pid();

    @TempDir
    Path tmp;

    @Test
    void captureOnATerminalRedrawsOneScreen() throws Exception {
        Await.requireRoot("it captures on lo");
        Path journals = tmp.resolve("journals");
        try (var server = new ScenarioServer()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            String command = String.join(" ", List.of(java, "-cp", quote(classPath), Tcptrace.class.getName(),
                    "capture", "-i", "lo", "-f", quote("tcp port " + server.port()), "--journal-dir",
                    quote(journals.toString()), "--duration", "120s")) + "; sleep 600";
            tmux("new-session", "-d", "-s", SESSION, "-x", "160", "-y", "50", command);
            try {
                Await.until(() -> "the capture's screen in the pane:\n" + pane(), Duration.ofSeconds(30),
                        () -> pane().contains("tcptrace capture on lo"));
                int clientPort;
                try (var child = TracedChild.start("close", server.port(), journals)) {
                    clientPort = child.localPort();
                    child.awaitExit(Duration.ofSeconds(60));
                }
                String client = "127.0.0.1:" + clientPort + " → ";
                Await.until(() -> "the client's verdict on the screen:\n" + pane(), Duration.ofSeconds(30),
                        () -> pane().contains(client) && pane().contains("APP_CLOSE"));

                String screen = pane();
                assertThat(screen.split("tcptrace capture on lo", -1)).as("one screen, redrawn in place, in:\n"
                        + screen).hasSize(2);
                assertThat(screen).containsPattern("verdicts: [1-9]").containsPattern(" +APP_CLOSE +1\\b")
                        .doesNotContain("TIME (UTC)");
            } finally {
                tmux("kill-session", "-t", SESSION);
            }
        }
    }

    private static String pane() {
        try {
            return tmux("capture-pane", "-p", "-t", SESSION);
        } catch (IOException | InterruptedException e) {
            return "(capture-pane failed: " + e.getMessage() + ")";
        }
    }

    private static String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("tmux is missing (" + e.getMessage() + "): install it with "
                    + "`apt-get install -y tmux`", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
        return out;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
