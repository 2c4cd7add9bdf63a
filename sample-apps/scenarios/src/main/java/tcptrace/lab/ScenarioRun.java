package tcptrace.lab;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tcptrace.scenario.Expected;
import tcptrace.scenario.Scenario;

/** One scenario from start to clean-up: network, kernel trace, tcpdump, tcptrace capture, the script, the checks. */
final class ScenarioRun {
    /** How long the packets of a finished script may take to show up (final ACKs, a RST after a timeout). */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(5);
    /** Upper bound for a capture; the lab interrupts it as soon as the scenario is over. */
    private static final Duration CAPTURE_BUDGET = Duration.ofSeconds(120);

    private final Scenario scenario;
    private final LabSettings settings;
    private final String name;
    private final String subnetPrefix;

    private final int serverPort;

    ScenarioRun(Scenario scenario, LabSettings settings, String name, String subnetPrefix, int serverPort) {
        this.scenario = scenario;
        this.settings = settings;
        this.name = name;
        this.subnetPrefix = subnetPrefix;
        this.serverPort = serverPort;
    }

    ScenarioOutcome run() {
        long start = System.nanoTime();
        Path dir = settings.workDir().resolve(scenario.name());
        Stage stage = null;
        GroundTruth truth = null;
        List<VerdictRecord> records = List.of();
        List<Expected> got = null;
        String mismatch = null;
        String error = null;
        try (Cleanup cleanup = new Cleanup()) {
            Path journalDir = createDirectories(dir);
            Network network = settings.namespaces()
                    ? NamespacePair.create(name, subnetPrefix, serverPort, cleanup)
                    : new LoopbackNetwork(freePort());
            String clientIp = settings.namespaces() ? subnetPrefix + ".1" : "127.0.0.1";
            Scope scope = new Scope(clientIp, network.serverAddress().getHostString(),
                    network.serverAddress().getPort());
            KernelTrace trace = null;
            String kernelUnavailable = null;
            try {
                trace = KernelTrace.start(name, scope.serverPort(), cleanup);
            } catch (LabException e) {
                kernelUnavailable = e.getMessage();
            }
            TcpdumpRun tcpdump = TcpdumpRun.start(network, dir.resolve("ground.pcap"), cleanup);
            CaptureRun capture = settings.tcptraceJar() == null ? null : CaptureRun.start(network,
                    settings.captureJava(), settings.tcptraceJar(), dir, journalDir, CAPTURE_BUDGET,
                    scenario.captureOptions(), cleanup);
            stage = new Stage(scenario, network, settings.launcher(), dir, journalDir, cleanup);
            scenario.direct(stage);
            settle(scope, tcpdump, trace, kernelUnavailable);
            if (capture != null) {
                records = capture.stop().stream().filter(r -> r.within(scope)).toList();
                for (String warning : capture.warnings()) {
                    stage.note("capture: " + warning);
                }
                got = records.stream().map(r -> r.asExpected(scope)).toList();
            }
            tcpdump.stop();
            truth = new GroundTruth(scope, tcpdump.segments(), trace == null ? List.of() : trace.stopAndRead(),
                    kernelUnavailable);
            try {
                scenario.checkGround(truth);
            } catch (GroundTruth.Mismatch e) {
                mismatch = e.getMessage();
            }
        } catch (LabException | GroundTruth.Mismatch e) {
            error = e.getMessage();
        } catch (Exception e) {
            error = e.toString();
        }
        return new ScenarioOutcome(scenario, got, records, truth, mismatch, error, null,
                stage == null ? List.of() : stage.notes(), dir, Duration.ofNanos(System.nanoTime() - start),
                stage == null ? Map.of() : stage.pids());
    }

    /** Waits until the wire and the kernel tell the scenario's story, or the settle time is over. */
    private void settle(Scope scope, TcpdumpRun tcpdump, KernelTrace trace, String kernelUnavailable) {
        try {
            Await.until(SETTLE_TIMEOUT, "the packets of " + scenario.name(), () -> {
                GroundTruth sofar = new GroundTruth(scope, tcpdump.segments(),
                        trace == null ? List.of() : trace.peek(), kernelUnavailable);
                try {
                    scenario.checkGround(sofar);
                    return true;
                } catch (GroundTruth.Mismatch e) {
                    return false;
                }
            });
        } catch (LabException e) {
            // the final check reports what is missing
        }
    }

    /** A fresh directory: journals left by an earlier run could share a pid with a process of this one. */
    private static Path createDirectories(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(dir);
        Path journalDir = dir.resolve("journal");
        Files.createDirectories(journalDir);
        // journals hold stack traces and addresses: the agent wants the directory private
        Files.setPosixFilePermissions(journalDir, PosixFilePermissions.fromString("rwx------"));
        return journalDir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
