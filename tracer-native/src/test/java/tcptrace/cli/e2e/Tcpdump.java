package tcptrace.cli.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tcptrace.InputException;
import tcptrace.capture.PcapFileSource;
import tcptrace.testing.Await;

/** tcpdump writing a loopback capture, packet by packet (-U), as a user would make one for {@code report}. */
public final class Tcpdump implements AutoCloseable {
    private final Process process;
    private final Path file;

    private Tcpdump(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    public static Tcpdump start(Path file, int port) throws Exception {
        Process p = new ProcessBuilder("tcpdump", "-i", "lo", "-U", "-n", "-w", file.toString(), "tcp port " + port)
                .start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> listening = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l; (l = err.readLine()) != null; ) {
                    if (l.contains("listening on")) {
                        return true;
                    }
                }
            } catch (IOException e) {
                return false;
            }
            return false;
        });
        if (!listening.get(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tcpdump did not start (exit " + p.waitFor() + ")");
        }
        return new Tcpdump(p, file);
    }

    /** Waits until the capture holds a FIN or RST sent from {@code port}. */
    public void awaitEndFrom(int port) throws InterruptedException {
        Await.until("a FIN or RST from port " + port + " in " + file, Duration.ofSeconds(20), () -> {
            boolean[] seen = {false};
            try (PcapFileSource s = PcapFileSource.open(file)) {
                s.run(seg -> seen[0] |= seg.srcPort() == port && (seg.isFin() || seg.isRst()));
            } catch (InputException partlyWritten) {
                // the last record may be half written: what came before it counts
            }
            return seen[0];
        });
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM: tcpdump flushes and ends
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
