package tcptrace.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tcptrace.scenario.Side;

/** tcpdump writing the ground-truth pcap on the client's interface, and reading it back as text. */
final class TcpdumpRun {
    private final Process process;
    private final Path pcap;
    private final Path log;

    private TcpdumpRun(Process process, Path pcap, Path log) {
        this.process = process;
        this.pcap = pcap;
        this.log = log;
    }

    /** Starts tcpdump and returns once it is listening, so that no packet of the scenario is missed. */
    static TcpdumpRun start(Network network, Path pcap, Cleanup cleanup) {
        Path log = pcap.resolveSibling("tcpdump.log");
        // -U: each packet reaches the file at once, so the lab can watch the pcap while the scenario runs
        List<String> command = network.on(Side.CLIENT, List.of("tcpdump", "-i", network.captureInterface(), "-nn",
                "-U", "-s", "200", "-w", pcap.toString(), network.captureFilter()));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            cleanup.add(process::destroyForcibly);
            TcpdumpRun run = new TcpdumpRun(process, pcap, log);
            Await.until(Duration.ofSeconds(10), "tcpdump to listen", () -> run.listening() || !process.isAlive());
            if (!process.isAlive()) {
                throw new LabException("tcpdump failed: " + Files.readString(log).strip().replace('\n', ' '));
            }
            return run;
        } catch (IOException e) {
            throw new LabException("cannot run tcpdump: " + e.getMessage(), e);
        }
    }

    private boolean listening() {
        try {
            return Files.readString(log).contains("listening on");
        } catch (IOException e) {
            return false;
        }
    }

    /** The segments written so far, as tcpdump reads them. */
    List<WireSegment> segments() {
        if (!Files.exists(pcap)) {
            return List.of();
        }
        Exec.Result result = Exec.run(List.of("tcpdump", "-nn", "-tt", "-S", "-r", pcap.toString()));
        List<WireSegment> segments = new ArrayList<>();
        result.stdout().lines().forEach(line -> WireSegment.parse(line).ifPresent(segments::add));
        return segments;
    }

    /** SIGTERM makes tcpdump flush and close the file. */
    void stop() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Path pcap() {
        return pcap;
    }
}
