package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tcptrace.cli.e2e.ScenarioServer;
import tcptrace.cli.e2e.TracedChild;
import tcptrace.testing.Await;

/** {@code capture --html}: the live capture of a traced client's close ends in a timeline page. */
class CaptureHtmlIT {
    @TempDir
    Path tmp;

    @Test
    void liveCaptureWritesTheTimelineWhenItStops() throws Exception {
        Await.requireRoot("it captures on lo");
        Path journals = tmp.resolve("journals");
        Path html = tmp.resolve("live.html");
        Path json = tmp.resolve("live.jsonl");
        try (var server = new ScenarioServer()) {
            CommandLine cl = Tcptrace.commandLine();
            CaptureCommand capture = cl.getSubcommands().get("capture").getCommand();
            CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(cl, "capture", "-i", "lo",
                    "-f", "tcp port " + server.port(), "--journal-dir", journals.toString(), "--html",
                    html.toString(), "--json", json.toString(), "--duration", "120s"));
            assertThat(capture.awaitStarted(Duration.ofSeconds(30))).as("capture started").isTrue();
            int clientPort;
            Cli.Result r;
            try (var child = TracedChild.start("close", server.port(), journals)) {
                clientPort = child.localPort();
                child.awaitExit(Duration.ofSeconds(60));
                String src = "\"src\":\"127.0.0.1:" + clientPort + "\"";
                Await.until("the client's verdict", Duration.ofSeconds(30), () -> contains(json, src));
            } finally {
                capture.stop();
            }
            r = run.get(60, TimeUnit.SECONDS);

            assertThat(r.code()).as(r.err() + r.out()).isEqualTo(r.evidenceIncomplete() ? 1 : 0);
            assertThat(Files.exists(html)).as("written when the capture stopped").isTrue();
            String page = Files.readString(html);
            assertThat(page).contains("{\"verdict\":\"APP_CLOSE\",\"src\":\"127.0.0.1:" + clientPort + "\"")
                    .contains("\"flags\":\"SYN\"").contains("\"kind\":\"CLOSE\"");
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
