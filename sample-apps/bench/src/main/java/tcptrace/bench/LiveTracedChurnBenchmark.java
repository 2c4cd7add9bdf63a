package tcptrace.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static tcptrace.bench.AgentBenchmarks.fmt;

/**
 * Live capture on loopback beside a JVM under the agent that churns connections (both ends traced, so every verdict
 * needs the journal): whether {@code capture} keeps up, i.e. drops nothing, prints each verdict within a second of
 * its packet and keeps its memory flat, and what rate the traced churn reached meanwhile on the shared CPUs.
 */
final class LiveTracedChurnBenchmark {
    private static final String WHERE = "live `capture -i lo` beside a traced Socket churn";
    private static final double TARGET_RATE = 10_000;
    private static final long TARGET_LATENCY_MS = 1_000;
    private static final double TARGET_GROWTH_MB_PER_MINUTE = 1;
    private static final int THREADS = 4;
    /** The churn outlasts the capture on both sides: it runs before the capture is up, and until after it stops. */
    private static final double CHURN_MARGIN_SECONDS = 15;
    /** Short, so that a verdict is read close to when it was printed: the poll interval bounds the error. */
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RSS_SAMPLE = Duration.ofSeconds(5);
    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final int LOG_TAIL_BYTES = 64 * 1024;
    private static final Pattern SUMMARY = Pattern.compile(
            "summary: (\\d+) verdicts?.*; (\\d+) packets?, (\\d+) connections?");

    private record RssSample(double seconds, double megabytes) {
    }

    /** The CPU both had used, each since its own start, at the capture's last sample (seconds into the capture). */
    private record CpuSample(double seconds, ChildCpu capture, ChildCpu churn) {
        String text() {
            return fmt("CPU used by the capture's %.0fth second: the capture %s, the churn (from its own start, "
                    + "before the capture's) %s", seconds, capture.text(), churn.text());
        }
    }

    /** What was read from the capture as it ran. */
    private record Followed(double ranSeconds, LatencyHistogram latencies, Map<String, Long> kinds,
                            long verdictsOfPid, long unreadable, List<RssSample> rss, CpuSample cpu) {
    }

    /** What one run left: the churn's own figures, the capture's summary, and what was read as it ran. */
    private record Run(double churnSeconds, double churnRate, long churnConnections, long churnFailed,
                       long frames, long drops, long packets, long connections, Followed followed) {
    }

    private final Settings settings;
    private final BenchReport report;

    LiveTracedChurnBenchmark(Settings settings, BenchReport report) {
        this.settings = settings;
        this.report = report;
    }

    void run() {
        Run run;
        try {
            run = measure();
        } catch (BenchException e) {
            report.add(Figure.notMeasured(WHERE, targets(), e.getMessage()));
            return;
        } catch (RuntimeException e) {
            report.add(Figure.notMeasured(WHERE, targets(), "failed: " + e));
            return;
        }
        report.add(rate(run));
        report.add(drops(run));
        report.add(latency(run));
        report.add(memory(run));
        report.add(verdictsPerConnection(run));
    }

    private static String targets() {
        return "≥ 10 k conn/s, 0 drops, every verdict within 1 s, flat memory";
    }

    private Run measure() {
        double captureSeconds = settings.liveChurnSeconds();
        double churnSeconds = captureSeconds + CHURN_MARGIN_SECONDS;
        Path journal = AgentVariant.freshDirectory(settings.workDir());
        Path scratch = AgentVariant.freshDirectory(settings.workDir());
        Path json = scratch.resolve("verdicts.jsonl");
        Path captureLog = scratch.resolve("capture.log");
        Path churnOut = scratch.resolve("churn.out");
        Path churnErr = scratch.resolve("churn.err");
        List<String> churnCommand = ChildProcess.command(settings.primaryJdk().java(),
                AgentVariant.AGENT.jvmArgs(settings, journal), "-cp", settings.workloadClasspath(),
                "tcptrace.bench.ChurnWorkload", "--api", "socket", "--threads", String.valueOf(THREADS),
                "--warmup", "0", "--seconds", String.valueOf(churnSeconds));
        // no filter: the churn's server ports are ephemeral, and loopback carries nothing else here
        List<String> captureCommand = List.of(settings.primaryJdk().java(), "-jar",
                settings.tcptraceJar().toString(), "capture", "-i", "lo", "--journal-dir", journal.toString(),
                "--json", json.toString(), "--duration", (long) captureSeconds + "s");
        Process churn = null;
        Process capture = null;
        try {
            churn = start(churnCommand, ProcessBuilder.Redirect.to(churnOut.toFile()), churnErr);
            awaitJournal(journal, churn);
            long socketsBefore = LiveCaptureBenchmarks.packetSockets();
            capture = start(captureCommand, ProcessBuilder.Redirect.to(captureLog.toFile()), captureLog);
            LiveCaptureBenchmarks.awaitCaptureOpen(capture, socketsBefore);
            List<RssSample> rss = new ArrayList<>();
            CpuSample[] cpu = {null};
            Followed followed;
            try (VerdictTail tail = new VerdictTail(json, churn.pid())) {
                double ran = follow(capture, churn, tail, rss, cpu, captureSeconds);
                followed = new Followed(ran, tail.latencies(), tail.kinds(), tail.verdictsOfPid(), tail.unreadable(),
                        rss, cpu[0]);
            }
            String captureOutput = tail(captureLog);
            ChildProcess.Outcome churned = awaitChurn(churn, churnCommand, churnOut, churnErr, churnSeconds);
            return summarized(followed, churnSeconds, churned, captureOutput);
        } catch (IOException e) {
            throw new BenchException("cannot follow the capture's output: " + e.getMessage());
        } finally {
            stopForcibly(capture);
            stopForcibly(churn);
            deleteTree(journal);
            deleteTree(scratch);
        }
    }

    private static Process start(List<String> command, ProcessBuilder.Redirect out, Path err) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                Path.of("/dev/null").toFile())).redirectOutput(out);
        if (out.file() != null && out.file().toPath().equals(err)) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(err.toFile());
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new BenchException("cannot start " + command.get(0) + ": " + e.getMessage());
        }
    }

    /** The agent makes the journal as the JVM starts; a capture started before it would have no JVM to follow. */
    private static void awaitJournal(Path dir, Process churn) {
        long deadline = System.nanoTime() + GRACE.toNanos();
        while (!hasJournal(dir)) {
            if (!churn.isAlive()) {
                throw new BenchException("the traced churn ended before it made a journal (exit "
                        + churn.exitValue() + ")");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BenchException("the traced churn made no journal in " + dir + " within "
                        + GRACE.toSeconds() + " s");
            }
            sleep(Duration.ofMillis(50));
        }
    }

    private static boolean hasJournal(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".journal"));
        } catch (IOException e) {
            throw new BenchException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Until the capture ends (at its --duration, once it has worked off what it still held): reads new verdicts
     * every poll, the capture's RSS and both processes' CPU every sample; the seconds it ran.
     */
    private static double follow(Process capture, Process churn, VerdictTail tail, List<RssSample> rss,
                                 CpuSample[] cpu, double captureSeconds) throws IOException {
        long start = System.nanoTime();
        long deadline = start + (long) (captureSeconds * 1e9) + GRACE.toNanos();
        long nextSample = start + RSS_SAMPLE.toNanos();
        while (capture.isAlive() && System.nanoTime() - deadline < 0) {
            tail.poll();
            long now = System.nanoTime();
            if (now - nextSample >= 0) {
                try {
                    double seconds = (now - start) / 1e9;
                    rss.add(new RssSample(seconds, ProcessMemory.rssMegabytes(capture.pid())));
                    if (churn.isAlive()) {
                        cpu[0] = new CpuSample(seconds, ChildCpu.of(capture.pid()), ChildCpu.of(churn.pid()));
                    }
                } catch (BenchException e) {
                    // a process that has exited but is not yet reaped has a status without VmRSS
                    if (!exitsSoon(capture)) {
                        throw e;
                    }
                }
                nextSample += RSS_SAMPLE.toNanos();
            }
            sleep(POLL);
        }
        if (capture.isAlive()) {
            LiveCaptureBenchmarks.stop(capture);
        }
        tail.poll();
        return (System.nanoTime() - start) / 1e9;
    }

    private static boolean exitsSoon(Process process) {
        try {
            return process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted");
        }
    }

    private static ChildProcess.Outcome awaitChurn(Process churn, List<String> command, Path out, Path err,
                                                   double churnSeconds) throws IOException {
        try {
            if (!churn.waitFor((long) churnSeconds + GRACE.toSeconds(), TimeUnit.SECONDS)) {
                throw new BenchException("the traced churn still ran " + GRACE.toSeconds() + " s after its end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted");
        }
        return new ChildProcess.Outcome(command, churn.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), 0).requireSuccess();
    }

    private static Run summarized(Followed followed, double churnSeconds, ChildProcess.Outcome churned,
                                  String capture) {
        Matcher counters = LiveCaptureBenchmarks.TCPTRACE_COUNTERS.matcher(capture);
        Matcher summary = SUMMARY.matcher(capture);
        if (!counters.find() || !summary.find()) {
            throw new BenchException("the capture printed no summary: " + ChildProcess.tail(capture));
        }
        return new Run(churnSeconds, churned.result("connections_per_second"),
                (long) churned.result("connections"), (long) churned.result("failed"),
                Long.parseLong(counters.group(1)), Long.parseLong(counters.group(2))
                + Long.parseLong(counters.group(3)), Long.parseLong(summary.group(2)),
                Long.parseLong(summary.group(3)), followed);
    }

    private Figure rate(Run run) {
        return new Figure(WHERE + ", connections/s the traced churn reached", "≥ 10 k conn/s",
                fmt("%,.0f conn/s", run.churnRate()), Figure.atLeast(run.churnRate(), TARGET_RATE),
                fmt("ChurnWorkload --api socket, %d client and %d echo threads, both ends in one JVM on %s under "
                                + "`-javaagent:tcptrace.jar=journal=<fresh dir>`, for %.0f s (the capture's %.0f s "
                                + "with its start before and its stop after): %,d connections, %,d failed; the "
                                + "capture ran beside it on the same %d CPUs, so the two share them",
                        THREADS, THREADS, settings.primaryJdk().label(), run.churnSeconds(),
                        settings.liveChurnSeconds(), run.churnConnections(), run.churnFailed(),
                        Runtime.getRuntime().availableProcessors()));
    }

    private Figure drops(Run run) {
        return new Figure(WHERE + ", capture drops", "0", fmt("%,d dropped, %,d captured", run.drops(), run.frames()),
                Figure.atMost(run.drops(), 0),
                fmt("dropped by the kernel and by the interface, from the summary of `capture -i lo --journal-dir "
                        + "<the churn's> --json <file> --duration %.0fs` (filter: all TCP, as loopback carries "
                        + "only the churn), which ran %.1f s from opening lo to its exit (it works off what it "
                        + "still holds before it exits); %,d packets, %,d connections; %s",
                        settings.liveChurnSeconds(), run.followed().ranSeconds(), run.packets(), run.connections(),
                        run.followed().cpu() == null ? "no CPU sample" : run.followed().cpu().text()));
    }

    private static Figure latency(Run run) {
        LatencyHistogram h = run.followed().latencies();
        String name = WHERE + ", verdict latency";
        String target = "every verdict within 1 s of its packet";
        String how = fmt("from a verdict's packet (its `time`, the kernel's capture timestamp) to when the runner "
                + "read its line of the capture's --json file, which the capture flushes per verdict; the runner "
                + "reads the file every %d ms, so a latency is up to that much above the printing's own; 1 ms "
                + "buckets; %,d verdicts", POLL.toMillis(), h.total());
        if (h.total() == 0) {
            return new Figure(name, target, "no verdict printed", Figure.Verdict.MISSES, how);
        }
        double within = h.shareWithin(TARGET_LATENCY_MS);
        return new Figure(name, target, fmt("p50 %.0f ms, p99 %.0f ms, max %.0f ms; %.3f %% within 1 s",
                h.quantileMillis(0.5), h.quantileMillis(0.99), h.maxMillis(), within * 100),
                within >= 1 ? Figure.Verdict.MEETS : Figure.Verdict.MISSES, how);
    }

    private Figure memory(Run run) {
        String name = WHERE + ", capture RSS growth";
        String target = fmt("≤ %.0f MB/min", TARGET_GROWTH_MB_PER_MINUTE);
        double settled = settings.liveChurnSeconds() / 4;
        List<RssSample> late = run.followed().rss().stream().filter(s -> s.seconds() >= settled).toList();
        List<String> samples = run.followed().rss().stream().map(s -> fmt("%.0f s %.0f MB", s.seconds(), s.megabytes()))
                .toList();
        String how = fmt("VmRSS of the capture's JVM (default heap settings) every %d s while it ran; from the "
                        + "first sample after the first quarter of its --duration (%.0f s: start-up, heap sizing, "
                        + "compilation) to the last; a --duration of %.0f s (it ran %.1f s), not the ten minutes of a "
                        + "soak, which the suite's time budget cannot spare; samples: %s", RSS_SAMPLE.toSeconds(),
                settled, settings.liveChurnSeconds(), run.followed().ranSeconds(), String.join(", ", samples));
        if (late.size() < 2) {
            return Figure.notMeasured(name, target, "fewer than two samples after the first quarter; " + how);
        }
        RssSample first = late.get(0);
        RssSample last = late.get(late.size() - 1);
        double growth = (last.megabytes() - first.megabytes()) / ((last.seconds() - first.seconds()) / 60);
        return new Figure(name, target, fmt("%+.2f MB/min (%.0f MB at %.0f s, %.0f MB at %.0f s)", growth,
                first.megabytes(), first.seconds(), last.megabytes(), last.seconds()),
                Figure.atMost(growth, TARGET_GROWTH_MB_PER_MINUTE), how);
    }

    /**
     * Each connection is closed by both ends, so it sends a FIN each way, and each FIN gets a verdict about the end
     * that sent it: the application's close, in the churn's pid. Connections the capture's start or stop cut may
     * lack one, hence the tolerance.
     */
    private Figure verdictsPerConnection(Run run) {
        long total = run.followed().kinds().values().stream().mapToLong(Long::longValue).sum();
        long appClose = run.followed().kinds().getOrDefault("APP_CLOSE", 0L); // of the churn's pid
        double perConnection = run.connections() == 0 ? 0 : total / (double) run.connections();
        double appCloseShare = total == 0 ? 0 : appClose / (double) total;
        boolean meets = Math.abs(perConnection - 2) <= 0.02 && appCloseShare >= 0.99
                && run.followed().verdictsOfPid() == total;
        double expected = run.churnRate() * settings.liveChurnSeconds();
        return new Figure(WHERE + ", verdicts per connection", "2 (both FINs), APP_CLOSE of the churn's pid",
                fmt("%.3f per connection (%,d verdicts, %,d connections seen; the churn made about %,.0f "
                                + "meanwhile); %.2f %% APP_CLOSE", perConnection, total, run.connections(), expected,
                        appCloseShare * 100),
                meets ? Figure.Verdict.MEETS : Figure.Verdict.MISSES,
                fmt("connections as the capture counted them (its summary; those whose packets were all dropped "
                                + "are not among them, see the drops); the churn's made meanwhile: its mean rate times "
                                + "the capture's %.0f s; verdicts by kind: %s; of the churn's pid: %,d of %,d; JSON "
                                + "lines not understood: %d", settings.liveChurnSeconds(), run.followed().kinds(),
                        run.followed().verdictsOfPid(), total, run.followed().unreadable()));
    }

    /** The end of the capture's output (its summary): the verdicts before it can run to hundreds of megabytes. */
    private static String tail(Path log) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, LOG_TAIL_BYTES);
            byte[] bytes = new byte[size];
            file.seek(length - size);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static void stopForcibly(Process process) {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // the suite's work directory goes as the run ends
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted");
        }
    }
}
