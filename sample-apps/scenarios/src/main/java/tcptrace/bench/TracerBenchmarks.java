package tcptrace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static tcptrace.bench.AgentBenchmarks.fmt;
import static tcptrace.bench.AgentBenchmarks.list;

/**
 * How fast the tracer digests a capture file (against tshark on the same file) and how much memory it takes. The
 * targets are measured on the product command for large captures, the launcher {@code src/bin/tcptrace}, which sets
 * the JVM's collector and heap sizing; {@code java -jar}, which cannot, is measured beside it for information.
 */
final class TracerBenchmarks {
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(10);
    private static final double PACKETS_PER_SECOND_TARGET = 1_000_000;
    private static final double TSHARK_RATIO_TARGET = 2;
    private static final double RSS_TARGET_MB = 256;
    private static final String TIME = "/usr/bin/time";
    private static final String RSS_PREFIX = "PEAK_RSS_KB ";
    private static final String BOUNDED_HEAP = "160m";
    /** The suite runs from the repository's root (see src/bench/run). */
    private static final Path LAUNCHER = Path.of("src", "bin", "tcptrace");

    private enum Tool { LAUNCHER, JAVA_JAR, TSHARK }

    private final Settings settings;
    private final BenchReport report;

    TracerBenchmarks(Settings settings, BenchReport report) {
        this.settings = settings;
        this.report = report;
    }

    void runAll() {
        PcapGenerator.Summary file;
        Path pcap = settings.workDir().resolve("churn.pcap");
        try {
            file = PcapGenerator.generate(pcap, null, settings.tracerConnections(), 10_000, 2, 1);
        } catch (IOException e) {
            report.add(Figure.notMeasured("tracer", "", "cannot write the benchmark capture: " + e.getMessage()));
            return;
        }
        try {
            throughput(pcap, file);
        } catch (BenchException e) {
            report.add(Figure.notMeasured("`report --pcap` packets/s", "≥ 1 M/s", e.getMessage()));
        }
        deleteQuietly(pcap);
        try {
            memory();
        } catch (BenchException e) {
            report.add(Figure.notMeasured("`report --pcap` peak RSS", "≤ 256 MB", e.getMessage()));
        }
    }

    private void throughput(Path pcap, PcapGenerator.Summary file) {
        boolean haveTshark = Files.isExecutable(Path.of("/usr/bin/tshark"));
        List<Tool> tools = haveTshark ? List.of(Tool.LAUNCHER, Tool.JAVA_JAR, Tool.TSHARK)
                : List.of(Tool.LAUNCHER, Tool.JAVA_JAR);
        Map<Tool, List<Double>> rss = new EnumMap<>(Tool.class);
        Map<Tool, List<Double>> seconds = Interleaved.run(Tool.class, tools, settings.rounds(), tool -> {
            List<String> command = switch (tool) {
                case LAUNCHER -> launcherCommand(pcap);
                case JAVA_JAR -> jarCommand(pcap);
                case TSHARK -> List.of("tshark", "-n", "-q", "-z", "conv,tcp", "-r", pcap.toString());
            };
            ChildProcess.Outcome run = ChildProcess.run(timed(command), CHILD_TIMEOUT, true).requireSuccess();
            rss.computeIfAbsent(tool, t -> new ArrayList<>()).add(peakRssMb(run));
            return run.wallNanos() / 1e9;
        });
        List<Double> tcptraceSeconds = seconds.get(Tool.LAUNCHER);
        double packetsPerSecond = file.packets() / Stats.median(tcptraceSeconds);
        String fileText = fmt("%,d packets, %,d connections, headers only (snaplen %d)", file.packets(),
                file.connections(), PcapGenerator.SNAPLEN);
        Figure rate = new Figure("`src/bin/tcptrace report --pcap F --format json`, end to end", "≥ 1 M packets/s",
                fmt("%.2f M packets/s", packetsPerSecond / 1e6), Figure.atLeast(packetsPerSecond,
                PACKETS_PER_SECOND_TARGET),
                fmt("%s; wall s per run %s (JVM start included); peak RSS %.0f MB", fileText,
                        list(tcptraceSeconds, "%.2f"), Stats.median(rss.get(Tool.LAUNCHER))));
        report.add(rate);
        List<Double> jarSeconds = seconds.get(Tool.JAVA_JAR);
        double jarPacketsPerSecond = file.packets() / Stats.median(jarSeconds);
        report.add(new Figure("`java -jar tcptrace.jar report --pcap F --format json`, same file", "",
                fmt("%.2f M packets/s", jarPacketsPerSecond / 1e6), Figure.Verdict.INFO,
                fmt("the JVM's default collector and heap sizing; wall s per run %s (JVM start included); "
                        + "peak RSS %.0f MB", list(jarSeconds, "%.2f"), Stats.median(rss.get(Tool.JAVA_JAR)))));
        if (haveTshark) {
            List<Double> speedup = Stats.ratios(seconds.get(Tool.TSHARK), tcptraceSeconds);
            double median = Stats.median(speedup);
            report.add(new Figure("tcptrace vs `tshark -n -q -z conv,tcp -r F`, same file", "≥ 2×",
                    fmt("%.1f×", median), Figure.atLeast(median, TSHARK_RATIO_TARGET),
                    fmt("tshark wall s per run %s, peak RSS %.0f MB; per-round speed-up %s",
                            list(seconds.get(Tool.TSHARK), "%.2f"), Stats.median(rss.get(Tool.TSHARK)),
                            list(speedup, "%.1f"))));
        } else {
            report.add(Figure.notMeasured("tcptrace vs tshark", "≥ 2×", "tshark is not installed"));
        }
        if (rate.verdict() == Figure.Verdict.MISSES) {
            report.profile(rate.name(), settings.primaryJdk(), launcherCommand(pcap), 0);
        }
    }

    private void memory() {
        Path pcap = settings.workDir().resolve("million.pcap");
        try {
            PcapGenerator.Summary file = PcapGenerator.generate(pcap, null, settings.memoryConnections(), 10_000, 0, 2);
            ChildProcess.Outcome run = ChildProcess.run(timed(launcherCommand(pcap)), CHILD_TIMEOUT, true)
                    .requireSuccess();
            double rss = peakRssMb(run);
            Figure figure = new Figure(fmt("peak RSS of `src/bin/tcptrace report --pcap` for %,d connections",
                    file.connections()), "≤ 256 MB", fmt("%.0f MB", rss), Figure.atMost(rss, RSS_TARGET_MB),
                    fmt("VmHWM via `/usr/bin/time -f %%M`; %,d packets in %.1f s (%.2f M packets/s); "
                                    + "the launcher's JVM options (serial collector, heap grown only as needed)",
                            file.packets(), run.wallNanos() / 1e9, file.packets() / (run.wallNanos() / 1e9) / 1e6));
            report.add(figure);
            ChildProcess.Outcome jarRun = ChildProcess.run(timed(jarCommand(pcap)), CHILD_TIMEOUT, true)
                    .requireSuccess();
            double jarRss = peakRssMb(jarRun);
            report.add(new Figure("peak RSS of `java -jar tcptrace.jar report --pcap`, same file", "",
                    fmt("%.0f MB", jarRss), Figure.Verdict.INFO,
                    fmt("default JVM heap sizing (max heap = 1/4 of memory), which the jar cannot change; %.1f s",
                            jarRun.wallNanos() / 1e9)));
            if (figure.verdict() == Figure.Verdict.MISSES) {
                report.openItem(figure.name() + ": in a bounded heap", boundedHeap(pcap));
                report.profile(figure.name(), settings.primaryJdk(), launcherCommand(pcap), 0);
            }
        } catch (IOException e) {
            throw new BenchException("cannot write the 1 M-connection capture: " + e.getMessage());
        } finally {
            deleteQuietly(pcap);
        }
    }

    /**
     * Tells a heap that is merely allowed to grow (the default maximum is a quarter of memory) from one that the
     * tracer needs: the same report with the heap capped well under the RSS target.
     */
    private String boundedHeap(Path pcap) {
        List<String> command = new ArrayList<>(jarCommand(pcap));
        command.add(1, "-Xmx" + BOUNDED_HEAP);
        ChildProcess.Outcome run = ChildProcess.run(timed(command), CHILD_TIMEOUT, true);
        String verdict = run.exitCode() == 0
                ? fmt("it completes: peak RSS %.0f MB in %.1f s. The memory is garbage the default heap is allowed "
                + "to keep; capping the heap (e.g. in the launcher) reaches the target.", peakRssMb(run),
                run.wallNanos() / 1e9)
                : fmt("it fails (exit %d: `%s`). The tracer holds that much live data: per-connection state has "
                + "to shrink or be released when a connection ends.", run.exitCode(), firstError(run.stderr()));
        return "Rerun with `-Xmx" + BOUNDED_HEAP + "`: " + verdict + "\n";
    }

    private static String firstError(String stderr) {
        return stderr.lines().filter(l -> l.contains("Error") || l.contains("Exception")).findFirst()
                .orElse(ChildProcess.tail(stderr)).strip();
    }

    /** The product command: the launcher, running the suite's copy of the jar on the primary JDK. */
    private List<String> launcherCommand(Path pcap) {
        return List.of("env", "TCPTRACE_JAR=" + settings.tcptraceJar(), "JAVA=" + settings.primaryJdk().java(),
                "sh", LAUNCHER.toString(), "report", "--pcap", pcap.toString(), "--format", "json");
    }

    private List<String> jarCommand(Path pcap) {
        return List.of(settings.primaryJdk().java(), "-jar", settings.tcptraceJar().toString(), "report",
                "--pcap", pcap.toString(), "--format", "json");
    }

    private static List<String> timed(List<String> command) {
        return ChildProcess.command(TIME, List.of("-f", RSS_PREFIX + "%M"), command.toArray(String[]::new));
    }

    private static double peakRssMb(ChildProcess.Outcome run) {
        return run.stderr().lines().filter(l -> l.startsWith(RSS_PREFIX)).reduce((a, b) -> b)
                .map(l -> Long.parseLong(l.substring(RSS_PREFIX.length()).trim()) / 1024.0)
                .orElseThrow(() -> new BenchException("/usr/bin/time printed no peak RSS"));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a large leftover in the scratch directory; the script removes the directory at the end
        }
    }
}
