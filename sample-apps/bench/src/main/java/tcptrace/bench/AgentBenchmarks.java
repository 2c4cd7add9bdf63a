package tcptrace.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static tcptrace.bench.AgentVariant.AGENT;
import static tcptrace.bench.AgentVariant.AGENT_FIRST;
import static tcptrace.bench.AgentVariant.AGENT_JFR;
import static tcptrace.bench.AgentVariant.AGENT_JFR_FIRST;
import static tcptrace.bench.AgentVariant.BASELINE;
import static tcptrace.bench.AgentVariant.JFR_ALONE;

/** What the agent costs the JVM it traces: throughput ratios, start-up, attach, memory, many open connections. */
final class AgentBenchmarks {
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);
    private static final double BULK_TARGET = 0.99;
    private static final double STARTUP_TARGET_MS = 150;
    private static final int HEAP_SAMPLE_CONNECTIONS = 2_000;
    private static final int JOURNAL_SAMPLE_CONNECTIONS = 2_000;
    private static final double CHUNK_BYTES = 64 * 1024;

    private final Settings settings;
    private final BenchReport report;

    AgentBenchmarks(Settings settings, BenchReport report) {
        this.settings = settings;
        this.report = report;
    }

    /** Everything but the churn, which {@link ChurnBenchmarks} measures. */
    void runAll() {
        for (Jdk jdk : settings.jdks()) {
            guarded(report, "bulk Socket, " + jdk.label(), () -> bulk(jdk, "socket", "Socket"));
            guarded(report, "bulk SocketChannel, " + jdk.label(), () -> bulk(jdk, "channel", "SocketChannel"));
            guarded(report, "start-up, " + jdk.label(), () -> startup(jdk));
            guarded(report, "attach, " + jdk.label(), () -> attach(jdk));
            guarded(report, "10 000 connections, " + jdk.label(), () -> manyConnections(jdk));
        }
        guarded(report, "heap per connection", () -> heapPerConnection(settings.primaryJdk()));
        guarded(report, "journal per event", () -> journalPerEvent(settings.primaryJdk()));
    }

    /** The start-up rows alone ({@code --only startup}): a few minutes, where the whole suite takes half an hour. */
    void runStartup() {
        for (Jdk jdk : settings.jdks()) {
            guarded(report, "start-up, " + jdk.label(), () -> startup(jdk));
        }
    }

    static void guarded(BenchReport report, String what, Runnable measurement) {
        try {
            measurement.run();
        } catch (BenchException e) {
            report.add(Figure.notMeasured(what, "", e.getMessage()));
        } catch (RuntimeException e) {
            report.add(Figure.notMeasured(what, "", "failed: " + e));
        }
    }

    private void bulk(Jdk jdk, String api, String apiName) {
        List<AgentVariant> variants = List.of(BASELINE, AGENT);
        Map<AgentVariant, List<List<Alternation.Slice>>> slices = alternate(variants,
                v -> bulkCommand(jdk, api, v.jvmArgs(settings), "--slices"));
        String name = "bulk 64 KiB reads, " + apiName + ", " + jdk.label() + ", agent / no agent";
        Figure ratio = ratioFigure(name, "≥ " + BULK_TARGET, BULK_TARGET, slices.get(AGENT), slices.get(BASELINE),
                "MB/s", 1e6);
        double microsPerRead = CHUNK_BYTES / Stats.median(Alternation.all(slices.get(BASELINE),
                Alternation.Slice::perSecond)) * 1e6;
        // the time of one read puts the per-call figure of the JMH benchmark in proportion
        Figure figure = new Figure(ratio.name(), ratio.target(), ratio.measured(), ratio.verdict(),
                ratio.detail() + fmt("; one 64 KiB read takes %.1f µs without the agent", microsPerRead));
        report.add(figure);
        if (figure.verdict() == Figure.Verdict.MISSES) {
            report.profile(name, jdk, bulkCommand(jdk, api, AGENT.jvmArgs(settings), "--seconds",
                    String.valueOf(settings.measureSeconds())), settings.warmupSeconds());
        }
    }

    private List<String> bulkCommand(Jdk jdk, String api, List<String> jvmArgs, String... mode) {
        List<String> command = ChildProcess.command(jdk.java(), jvmArgs, "-cp", settings.workloadClasspath(),
                "tcptrace.bench.BulkWorkload", "--api", api, "--warmup", String.valueOf(settings.warmupSeconds()));
        command.addAll(List.of(mode));
        return command;
    }

    private Map<AgentVariant, List<List<Alternation.Slice>>> alternate(List<AgentVariant> variants,
                                                                       Function<AgentVariant, List<String>> command) {
        return Alternation.run(AgentVariant.class, variants, settings.alternationRounds(), 1,
                settings.slicesPerRound(), settings.slice(), v -> SlicedChild.start(command.apply(v)));
    }

    /**
     * The wall-clock throughput ratio decides; the ratio of work per CPU second rides along in the details, as the
     * steadier figure when neighbours load the machine. {@code unitScale} turns a slice's units into the unit shown.
     */
    static Figure ratioFigure(String name, String targetText, double target,
                                      List<List<Alternation.Slice>> candidate, List<List<Alternation.Slice>> baseline,
                                      String unit, double unitScale) {
        List<Double> ratios = Alternation.roundRatios(candidate, baseline, Alternation.Slice::perSecond);
        List<Double> cpuRatios = Alternation.roundRatios(candidate, baseline, Alternation.Slice::perCpuSecond);
        double median = Stats.median(ratios);
        String detail = fmt("median %.0f vs %.0f %s over all slices; per-round ratios %s (each the median of %d "
                        + "slice pairs); per CPU second: median ratio %.3f, per round %s",
                Stats.median(Alternation.all(candidate, Alternation.Slice::perSecond)) / unitScale,
                Stats.median(Alternation.all(baseline, Alternation.Slice::perSecond)) / unitScale, unit,
                list(ratios, "%.3f"), candidate.get(0).size(), Stats.median(cpuRatios), list(cpuRatios, "%.3f"));
        return new Figure(name, targetText, fmt("%.3f (per CPU-s: %.3f)", median, Stats.median(cpuRatios)),
                Figure.atLeast(median, target), detail);
    }

    private void startup(Jdk jdk) {
        List<AgentVariant> all = List.of(BASELINE, AGENT, AGENT_JFR, JFR_ALONE, AGENT_FIRST, AGENT_JFR_FIRST);
        String classpath = settings.workloadClasspath();
        startup(jdk, "hello world", classpath, List.of(HelloWorld.class.getName()), all, true);
        startup(jdk, "one loopback connection (socket classes woven)", classpath,
                List.of(FirstConnection.class.getName()), all, true);
        if (settings.nettyClasspath() != null) {
            // a Netty service's class path: hello world shows what the agent costs a JVM that has Netty and does
            // not use it yet, one connection what weaving Netty's channel classes adds (two variants: kept short)
            String withNetty = classpath + java.io.File.pathSeparator + settings.nettyClasspath();
            List<AgentVariant> two = List.of(BASELINE, AGENT);
            startup(jdk, "hello world with netty-all on the class path", withNetty,
                    List.of(HelloWorld.class.getName()), two, true);
            startup(jdk, "one Netty NIO connection (netty-all on the class path)", withNetty,
                    List.of(NettyConnection.class.getName(), "--transport", "nio"), two, false);
        }
    }

    /**
     * {@code targeted}: a figure that DESIGN's start-up target is about (the agent with a filled weave cache); the
     * others are shown beside it. {@code main}: the main class and its arguments.
     */
    private void startup(Jdk jdk, String workload, String classpath, List<String> main, List<AgentVariant> variants,
                         boolean targeted) {
        for (AgentVariant warm : List.of(AGENT, AGENT_JFR)) {
            if (variants.contains(warm)) {
                // fills the shared weave cache, as an earlier JVM on the machine would have
                ChildProcess.run(ChildProcess.command(jdk.java(), warm.jvmArgs(settings), "-cp",
                        settings.workloadClasspath(), FirstConnection.class.getName()), CHILD_TIMEOUT).requireSuccess();
            }
        }
        Map<AgentVariant, List<Double>> millis = Interleaved.run(AgentVariant.class, variants,
                settings.startupRounds(),
                v -> ChildProcess.run(startupCommand(jdk, v.jvmArgs(settings), classpath, main), CHILD_TIMEOUT)
                        .requireSuccess().wallMillis());
        for (AgentVariant candidate : variants.subList(1, variants.size())) {
            // the agent's jfr= starts a recording, which costs what any recording's start costs: that part is
            // measured on its own (JFR alone) and the agent judged by what it adds on top
            AgentVariant reference = candidate.reference();
            boolean judged = targeted && (candidate == AGENT || candidate == AGENT_JFR);
            List<Double> added = Stats.differences(millis.get(candidate), millis.get(reference));
            double median = Stats.median(added);
            String name = "start-up of " + workload + ", " + jdk.label() + ", added by " + candidate.label
                    + (reference == BASELINE ? "" : " over " + reference.label);
            Figure figure = new Figure(name, judged ? "≤ " + (int) STARTUP_TARGET_MS + " ms" : "",
                    fmt("%.0f ms", median), judged ? Figure.atMost(median, STARTUP_TARGET_MS) : Figure.Verdict.INFO,
                    fmt("median %.0f ms with, %.0f ms with %s; per-round added ms %s",
                            Stats.median(millis.get(candidate)), Stats.median(millis.get(reference)),
                            reference.label, list(added, "%.0f")));
            report.add(figure);
            if (figure.verdict() == Figure.Verdict.MISSES) {
                report.openItem(name, StartupProfile.of(jdk, candidate.jvmArgs(settings), classpath, main,
                        settings.workDir()));
            }
        }
    }

    private static List<String> startupCommand(Jdk jdk, List<String> jvmArgs, String classpath, List<String> main) {
        List<String> command = ChildProcess.command(jdk.java(), jvmArgs, "-cp", classpath);
        command.addAll(main);
        return command;
    }

    private void attach(Jdk jdk) {
        List<Double> cliMillis = new ArrayList<>();
        List<Double> loadAgentMillis = new ArrayList<>();
        for (int round = 0; round < settings.rounds(); round++) {
            try (BackgroundProcess target = idleTarget(jdk)) {
                Path journal = AgentVariant.freshDirectory(settings.workDir());
                cliMillis.add(ChildProcess.run(List.of(settings.primaryJdk().java(), "-jar",
                                settings.tcptraceJar().toString(), "attach", String.valueOf(target.pid()),
                                "journal=" + journal), CHILD_TIMEOUT).requireSuccess().wallMillis());
            }
            try (BackgroundProcess target = idleTarget(jdk)) {
                Path journal = AgentVariant.freshDirectory(settings.workDir());
                loadAgentMillis.add(ChildProcess.run(List.of(jdk.java(), "-cp", settings.runnerClasspath(),
                        "tcptrace.bench.AttachTimer", "--pid", String.valueOf(target.pid()),
                        "--jar", settings.tcptraceJar().toString(), "--options", "journal=" + journal),
                        CHILD_TIMEOUT).requireSuccess().result("load_agent_ms"));
            }
        }
        report.add(new Figure("attach to a running JVM, " + jdk.label() + ": `tcptrace.jar attach PID`",
                "", fmt("%.0f ms", Stats.median(cliMillis)), Figure.Verdict.INFO,
                "wall time of the whole command (JVM start of the CLI included); runs " + list(cliMillis, "%.0f")));
        report.add(new Figure("attach, " + jdk.label() + ": `VirtualMachine.loadAgent` call", "",
                fmt("%.0f ms", Stats.median(loadAgentMillis)), Figure.Verdict.INFO,
                "until agentmain returned (instrumentation of the JDK socket classes included); runs "
                        + list(loadAgentMillis, "%.0f")));
    }

    private BackgroundProcess idleTarget(Jdk jdk) {
        return BackgroundProcess.start(List.of(jdk.java(), "-cp", settings.workloadClasspath(),
                "tcptrace.bench.IdleTarget"));
    }

    private void manyConnections(Jdk jdk) {
        int count = settings.heldConnections();
        ChildProcess.Outcome held;
        try (BackgroundProcess server = holdServer()) {
            held = ChildProcess.run(holdCommand(jdk, AGENT.jvmArgs(settings), server.readyValue(), count,
                    settings.holdSeconds()), CHILD_TIMEOUT).requireSuccess();
        }
        double usable = held.result("held_connections");
        report.add(new Figure(fmt("%,d concurrent connections held with the agent, ", count) + jdk.label(),
                fmt("%,d held", count), fmt("%,.0f held", usable), Figure.atLeast(usable, count),
                fmt("opened in %.1f s, held %.0f s, each then took a write; %.0f heap bytes per connection",
                        held.result("open_seconds"), settings.holdSeconds(),
                        held.result("heap_bytes_per_connection"))));
    }

    private void heapPerConnection(Jdk jdk) {
        List<AgentVariant> variants = List.of(BASELINE, AGENT);
        Map<AgentVariant, List<Double>> bytes;
        try (BackgroundProcess server = holdServer()) {
            bytes = Interleaved.run(AgentVariant.class, variants, settings.quick() ? 2 : 3,
                    v -> ChildProcess.run(holdCommand(jdk, v.jvmArgs(settings), server.readyValue(),
                            HEAP_SAMPLE_CONNECTIONS, 0), CHILD_TIMEOUT).requireSuccess()
                            .result("heap_bytes_per_connection"));
        }
        List<Double> added = Stats.differences(bytes.get(AGENT), bytes.get(BASELINE));
        report.add(new Figure("heap added per open connection by the agent, " + jdk.label(), "",
                fmt("%.0f bytes", Stats.median(added)), Figure.Verdict.INFO,
                fmt("%,d client sockets held; %.0f bytes per connection with the agent, %.0f without",
                        HEAP_SAMPLE_CONNECTIONS, Stats.median(bytes.get(AGENT)), Stats.median(bytes.get(BASELINE)))));
    }

    private BackgroundProcess holdServer() {
        return BackgroundProcess.start(List.of(settings.primaryJdk().java(), "-cp", settings.workloadClasspath(),
                "tcptrace.bench.HoldServer"));
    }

    private List<String> holdCommand(Jdk jdk, List<String> jvmArgs, String port, int count, double holdSeconds) {
        return ChildProcess.command(jdk.java(), jvmArgs, "-cp", settings.workloadClasspath(),
                "tcptrace.bench.HoldConnections", "--port", port, "--count", String.valueOf(count),
                "--hold", String.valueOf(holdSeconds));
    }

    private void journalPerEvent(Jdk jdk) {
        Path journalDir = AgentVariant.freshDirectory(settings.workDir());
        ChildProcess.run(ChildProcess.command(jdk.java(), AGENT.jvmArgs(settings, journalDir), "-cp", settings.workloadClasspath(),
                "tcptrace.bench.ChurnWorkload", "--threads", "1", "--connections",
                String.valueOf(JOURNAL_SAMPLE_CONNECTIONS)), CHILD_TIMEOUT).requireSuccess();
        JournalFootprint footprint = JournalFootprint.of(journalDir);
        report.add(new Figure("journal bytes per event, " + jdk.label(), "",
                fmt("%.0f bytes", footprint.bytesPerEvent()), Figure.Verdict.INFO,
                fmt("%,d events for %,d churn connections (both ends in one JVM): %.1f events per connection",
                        footprint.events(), JOURNAL_SAMPLE_CONNECTIONS,
                        (double) footprint.events() / JOURNAL_SAMPLE_CONNECTIONS)));
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String list(List<Double> values, String format) {
        List<String> parts = new ArrayList<>();
        for (double v : values) {
            parts.add(fmt(format, v));
        }
        return "[" + String.join(", ", parts) + "]";
    }
}
