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
 * How fast the tracer digests a capture file with the journal of the JVM that traced every connection in it
 * (against tshark and a libpcap floor on the same file) and how much memory it takes. The targets are measured as
 * users run it, {@code java -jar tcptrace.jar report} with no JVM options (the report then runs in a JVM the jar sizes
 * for it); the report in the JVM as started (any JVM option keeps it there: default G1) and the evidence-less report
 * (the capture alone, where the correlator has nothing to match) are measured beside it.
 */
final class TracerBenchmarks {
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(10);
    private static final double PACKETS_PER_SECOND_TARGET = 1_000_000;
    private static final double TSHARK_RATIO_TARGET = 2;
    private static final double RSS_TARGET_MB = 256;
    private static final String TIME = "/usr/bin/time";
    private static final String RSS_PREFIX = "PEAK_RSS_KB ";
    private static final String BOUNDED_HEAP = "160m";

    private enum Tool { JAVA_JAR, AS_STARTED, EVIDENCE_LESS, TSHARK, TCPDUMP_FLOOR }

    private final Settings settings;
    private final BenchReport report;

    TracerBenchmarks(Settings settings, BenchReport report) {
        this.settings = settings;
        this.report = report;
    }

    void runAll() {
        PcapGenerator.Summary file;
        Path pcap = settings.workDir().resolve("churn.pcap");
        Path journals = settings.workDir().resolve("churn-journals");
        try {
            file = PcapGenerator.generate(pcap, journals, settings.tracerConnections(), 10_000, 2, 1);
        } catch (IOException e) {
            report.add(Figure.notMeasured("tracer", "", "cannot write the benchmark capture: " + e.getMessage()));
            return;
        }
        try {
            throughput(pcap, journals, file);
        } catch (BenchException e) {
            report.add(Figure.notMeasured("`report --pcap --journal-dir` packets/s", "≥ 1 M/s", e.getMessage()));
        }
        deleteQuietly(pcap);
        deleteTree(journals);
        try {
            memory();
        } catch (BenchException e) {
            report.add(Figure.notMeasured("`report --pcap` peak RSS", "≤ 256 MB", e.getMessage()));
        }
    }

    private void throughput(Path pcap, Path journals, PcapGenerator.Summary file) {
        boolean haveTshark = Files.isExecutable(Path.of("/usr/bin/tshark"));
        List<Tool> tools = haveTshark ? List.of(Tool.values())
                : List.of(Tool.JAVA_JAR, Tool.AS_STARTED, Tool.EVIDENCE_LESS, Tool.TCPDUMP_FLOOR);
        Map<Tool, List<Double>> rss = new EnumMap<>(Tool.class);
        Map<Tool, List<Double>> seconds = Interleaved.run(Tool.class, tools, settings.rounds(), tool -> {
            List<String> command = switch (tool) {
                case JAVA_JAR -> jarCommand(pcap, journals);
                case AS_STARTED -> asStartedCommand(pcap, journals);
                case EVIDENCE_LESS -> jarCommand(pcap, null);
                case TSHARK -> List.of("tshark", "-n", "-q", "-z", "conv,tcp", "-r", pcap.toString());
                case TCPDUMP_FLOOR -> List.of("sh", "-c", "tcpdump -n -r \"$0\" 'tcp[tcpflags] & (tcp-fin|tcp-rst) != 0'"
                        + " > /dev/null 2>&1", pcap.toString());
            };
            ChildProcess.Outcome run = ChildProcess.run(timed(command), CHILD_TIMEOUT, true).requireSuccess();
            rss.computeIfAbsent(tool, t -> new ArrayList<>()).add(peakRssMb(run));
            return run.wallNanos() / 1e9;
        });
        String fileText = fmt("%,d packets, %,d connections, headers only (snaplen %d), with the journal of the "
                + "JVM that traced both ends of every connection", file.packets(), file.connections(),
                PcapGenerator.SNAPLEN);
        List<Double> jarSeconds = seconds.get(Tool.JAVA_JAR);
        double packetsPerSecond = file.packets() / Stats.median(jarSeconds);
        Figure rate = new Figure("`java -jar tcptrace.jar report --pcap F --journal-dir J --format json`, end to end",
                "≥ 1 M packets/s", fmt("%.2f M packets/s", packetsPerSecond / 1e6),
                Figure.atLeast(packetsPerSecond, PACKETS_PER_SECOND_TARGET),
                fmt("%s; no JVM options; wall s per run %s (JVM start included)", fileText, list(jarSeconds, "%.2f")));
        report.add(rate);
        double jarRss = Stats.median(rss.get(Tool.JAVA_JAR));
        Figure memory = new Figure("peak RSS of that report", "≤ 256 MB", fmt("%.0f MB", jarRss),
                Figure.atMost(jarRss, RSS_TARGET_MB), "VmHWM via `/usr/bin/time -f %M`, median of the rounds");
        report.add(memory);
        addInfo(seconds, rss, Tool.AS_STARTED, file, "in the JVM as started: `java -XX:+UseG1GC -jar tcptrace.jar "
                + "report --pcap F --journal-dir J`, same files", "a JVM option keeps the report in that JVM: default "
                + "G1, its heap allowed a quarter of the memory");
        addInfo(seconds, rss, Tool.EVIDENCE_LESS, file, "evidence-less: `java -jar tcptrace.jar report --pcap F` alone",
                "the capture without its journal: every verdict PEER_* or UNATTRIBUTED, nothing to match");
        addInfo(seconds, rss, Tool.TCPDUMP_FLOOR, file,
                "libpcap floor: `tcpdump -n -r F 'tcp[tcpflags] & (tcp-fin|tcp-rst) != 0'`",
                "reads every packet and prints the FINs and RSTs, nothing else: the same input work, no state");
        if (haveTshark) {
            List<Double> speedup = Stats.ratios(seconds.get(Tool.TSHARK), jarSeconds);
            double median = Stats.median(speedup);
            report.add(new Figure("tcptrace (with the journal) vs `tshark -n -q -z conv,tcp -r F`, same file", "≥ 2×",
                    fmt("%.1f×", median), Figure.atLeast(median, TSHARK_RATIO_TARGET),
                    fmt("tshark dissects every layer of every packet and sums each conversation; tcptrace decodes "
                                    + "the TCP headers, follows every connection and matches it to the journal; "
                                    + "tshark wall s per run %s, peak RSS %.0f MB; per-round speed-up %s",
                            list(seconds.get(Tool.TSHARK), "%.2f"), Stats.median(rss.get(Tool.TSHARK)),
                            list(speedup, "%.1f"))));
        } else {
            report.add(Figure.notMeasured("tcptrace vs tshark", "≥ 2×", "tshark is not installed"));
        }
        if (rate.verdict() == Figure.Verdict.MISSES) {
            report.profile(rate.name(), settings.primaryJdk(), jarCommand(pcap, journals), 0);
        }
        if (memory.verdict() == Figure.Verdict.MISSES) {
            report.openItem(memory.name() + ": in a bounded heap", boundedHeap(jarCommand(pcap, journals)));
        }
    }

    private void addInfo(Map<Tool, List<Double>> seconds, Map<Tool, List<Double>> rss, Tool tool,
                         PcapGenerator.Summary file, String name, String what) {
        List<Double> s = seconds.get(tool);
        report.add(new Figure(name, "", fmt("%.2f M packets/s", file.packets() / Stats.median(s) / 1e6),
                Figure.Verdict.INFO, fmt("%s; wall s per run %s; peak RSS %.0f MB", what, list(s, "%.2f"),
                Stats.median(rss.get(tool)))));
    }

    private void memory() {
        Path pcap = settings.workDir().resolve("million.pcap");
        Path journals = settings.workDir().resolve("million-journals");
        try {
            PcapGenerator.Summary file = PcapGenerator.generate(pcap, journals, settings.memoryConnections(), 10_000,
                    0, 2);
            ChildProcess.Outcome run = ChildProcess.run(timed(jarCommand(pcap, journals)), CHILD_TIMEOUT, true)
                    .requireSuccess();
            double rss = peakRssMb(run);
            Figure figure = new Figure(fmt("peak RSS of `java -jar tcptrace.jar report --pcap F --journal-dir J` for "
                    + "%,d connections", file.connections()), "≤ 256 MB", fmt("%.0f MB", rss),
                    Figure.atMost(rss, RSS_TARGET_MB),
                    fmt("VmHWM via `/usr/bin/time -f %%M`; %,d packets in %.1f s (%.2f M packets/s); no JVM options",
                            file.packets(), run.wallNanos() / 1e9, file.packets() / (run.wallNanos() / 1e9) / 1e6));
            report.add(figure);
            for (boolean asStarted : new boolean[] {true, false}) {
                ChildProcess.Outcome other = ChildProcess.run(timed(asStarted ? asStartedCommand(pcap, journals)
                        : jarCommand(pcap, null)), CHILD_TIMEOUT, true).requireSuccess();
                report.add(new Figure(asStarted ? "peak RSS in the JVM as started (`java -XX:+UseG1GC -jar …`), same "
                        + "files"
                        : "evidence-less: peak RSS of `java -jar tcptrace.jar report --pcap F` alone", "",
                        fmt("%.0f MB", peakRssMb(other)), Figure.Verdict.INFO, fmt("%.1f s", other.wallNanos() / 1e9)));
            }
            if (figure.verdict() == Figure.Verdict.MISSES) {
                report.openItem(figure.name() + ": in a bounded heap", boundedHeap(jarCommand(pcap, journals)));
                report.profile(figure.name(), settings.primaryJdk(), jarCommand(pcap, journals), 0);
            }
        } catch (IOException e) {
            throw new BenchException("cannot write the 1 M-connection capture: " + e.getMessage());
        } finally {
            deleteQuietly(pcap);
            deleteTree(journals);
        }
    }

    /**
     * Tells a heap that is merely allowed to grow (the default maximum is a quarter of memory) from one that the
     * tracer needs: the same report with the heap capped well under the RSS target.
     */
    private String boundedHeap(List<String> jarCommand) {
        List<String> command = new ArrayList<>(jarCommand);
        command.add(1, "-Xmx" + BOUNDED_HEAP);
        ChildProcess.Outcome run = ChildProcess.run(timed(command), CHILD_TIMEOUT, true);
        String verdict = run.exitCode() == 0
                ? fmt("it completes: peak RSS %.0f MB in %.1f s. The memory is garbage the default heap is allowed "
                + "to keep; capping the heap reaches the target.", peakRssMb(run),
                run.wallNanos() / 1e9)
                : fmt("it fails (exit %d: `%s`). The tracer holds that much live data: per-connection state has "
                + "to shrink or be released when a connection ends.", run.exitCode(), firstError(run.stderr()));
        return "Rerun with `-Xmx" + BOUNDED_HEAP + "`: " + verdict + "\n";
    }

    private static String firstError(String stderr) {
        return stderr.lines().filter(l -> l.contains("Error") || l.contains("Exception")).findFirst()
                .orElse(ChildProcess.tail(stderr)).strip();
    }

    /** The report in the JVM as started: a JVM option (here the default collector, named) keeps it there. */
    private List<String> asStartedCommand(Path pcap, Path journals) {
        List<String> command = jarCommand(pcap, journals);
        command.add(1, "-XX:+UseG1GC");
        return command;
    }

    /** As users run it: no JVM options; {@code journals} null for the capture alone. */
    private List<String> jarCommand(Path pcap, Path journals) {
        List<String> command = new ArrayList<>(List.of(settings.primaryJdk().java(), "-jar",
                settings.tcptraceJar().toString(), "report", "--pcap", pcap.toString(), "--format", "json"));
        if (journals != null) {
            command.addAll(List.of("--journal-dir", journals.toString()));
        }
        return command;
    }

    private static List<String> timed(List<String> command) {
        return ChildProcess.command(TIME, List.of("-f", RSS_PREFIX + "%M"), command.toArray(String[]::new));
    }

    private static double peakRssMb(ChildProcess.Outcome run) {
        return run.stderr().lines().filter(l -> l.startsWith(RSS_PREFIX)).reduce((a, b) -> b)
                .map(l -> Long.parseLong(l.substring(RSS_PREFIX.length()).trim()) / 1024.0)
                .orElseThrow(() -> new BenchException("/usr/bin/time printed no peak RSS"));
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(TracerBenchmarks::deleteQuietly);
        } catch (IOException ignored) {
            // a leftover in the scratch directory; the script removes the directory at the end
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a large leftover in the scratch directory; the script removes the directory at the end
        }
    }
}
