package tcptrace.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tcptrace.scenario.Side;

/**
 * {@code java -jar tcptrace.jar capture} on the client's interface, the way a user runs it: live packets, the
 * scenario's journal directory, verdicts as JSON lines. It stops at the end of its {@code --duration} or when the
 * lab interrupts it (SIGINT, as Ctrl-C would), whichever comes first.
 */
final class CaptureRun {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int INTERRUPTED = 128 + 2;

    private final Process process;
    private final Path json;
    private final Path log;

    private CaptureRun(Process process, Path json, Path log) {
        this.process = process;
        this.json = json;
        this.log = log;
    }

    static CaptureRun start(Network network, Path java, Path jar, Path dir, Path journalDir, Duration budget,
            List<String> options, Cleanup cleanup) {
        Path json = dir.resolve("verdicts.jsonl");
        Path pcap = dir.resolve("capture.pcap");
        Path log = dir.resolve("capture.log");
        List<String> args = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString(), "capture",
                "-i", network.captureInterface(), "-f", network.captureFilter(), "--journal-dir", journalDir.toString(),
                "--json", json.toString(), "-w", pcap.toString(), "--duration", budget.toSeconds() + "s"));
        args.addAll(options);
        List<String> command = network.on(Side.CLIENT, args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            cleanup.add(process::destroyForcibly);
            // the pcap file appears once the capture handle is open: from then on no packet is missed
            Await.until(START_TIMEOUT, "tcptrace capture to open " + network.captureInterface(),
                    () -> Files.exists(pcap) || !process.isAlive());
            if (!process.isAlive()) {
                throw new LabException("tcptrace capture exited with " + process.exitValue() + ": " + tail(log));
            }
            return new CaptureRun(process, json, log);
        } catch (IOException e) {
            throw new LabException("cannot run tcptrace capture: " + e.getMessage(), e);
        }
    }

    /** Interrupts the capture, waits for it to write its last verdicts, and returns them all. */
    List<VerdictRecord> stop() {
        if (process.isAlive()) {
            Exec.run(List.of("kill", "-INT", Long.toString(process.pid())));
        }
        try {
            Await.until(STOP_TIMEOUT, "tcptrace capture to finish", () -> !process.isAlive());
        } catch (LabException e) {
            process.destroyForcibly();
            throw e;
        }
        int exit = process.exitValue();
        // 130: stopped by our SIGINT, as by Ctrl-C; 1: finished, evidence incomplete. Both wrote their verdicts.
        if (exit != 0 && exit != 1 && exit != INTERRUPTED) {
            throw new LabException("tcptrace capture exited with " + exit + ": " + tail(log));
        }
        return records();
    }

    /** After {@link #stop()}: what the capture said about damaged evidence (torn or corrupt journals). */
    List<String> warnings() {
        try {
            return Files.readAllLines(log).stream().filter(line -> line.startsWith("journal damage"))
                    .map(String::strip).toList();
        } catch (IOException e) {
            return List.of("cannot read " + log + ": " + e.getMessage());
        }
    }

    private List<VerdictRecord> records() {
        if (!Files.exists(json)) {
            throw new LabException("tcptrace capture wrote no " + json.getFileName() + ": " + tail(log));
        }
        try {
            List<VerdictRecord> records = new ArrayList<>();
            for (String line : Files.readAllLines(json)) {
                if (!line.isBlank()) {
                    records.add(VerdictRecord.parse(line));
                }
            }
            return records;
        } catch (IOException e) {
            throw new LabException("cannot read " + json + ": " + e.getMessage(), e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
