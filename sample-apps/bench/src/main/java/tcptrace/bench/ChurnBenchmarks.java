package tcptrace.bench;

import static tcptrace.bench.AgentBenchmarks.fmt;
import static tcptrace.bench.AgentBenchmarks.list;
import static tcptrace.bench.AgentVariant.AGENT;
import static tcptrace.bench.AgentVariant.AGENT_CLOSE_STACKS;
import static tcptrace.bench.AgentVariant.AGENT_NO_STACKS;
import static tcptrace.bench.AgentVariant.BASELINE;

import java.io.File;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent costs a JVM that churns connections (connect, 100 bytes each way, close; both ends in the JVM):
 * the steady-state throughput ratio after a long warm-up, the agent's CPU per connection, and the warm-up itself,
 * i.e. how long a JVM takes to reach 95 % of its own late rate, with and without the agent, and how many
 * connections it did not make meanwhile. For Socket, SocketChannel and Netty's epoll transport, on every JDK.
 */
final class ChurnBenchmarks {
    private static final int THREADS = 4;
    private static final double TARGET = 0.97;
    /** A warm-up is over when a second of slices runs at this share of the late rate. */
    private static final double WARM_SHARE = 0.95;
    private static final double WARM_WINDOW_SECONDS = 1;
    /** The late rate: the last seconds of the warm-up. */
    private static final double LATE_SECONDS = 2;
    private static final double WARMUP_SLICE_SECONDS = 0.25;
    private static final double WARMUP_TARGET_SECONDS = 1;
    /** The share of the JVM's own CPU per connection that the agent may add (DESIGN's 3 % on churn). */
    private static final double CPU_BUDGET = 0.03;

    private record Api(String option, String label, List<AgentVariant> variants) {
    }

    /**
     * stack=close and stack=0 only where they change what is done: a Socket keeps its opening stack for the
     * Cleaner; a channel has no Cleaner, so stack=close is the default there.
     */
    private static final List<Api> APIS = List.of(
            new Api("socket", "Socket", List.of(BASELINE, AGENT, AGENT_CLOSE_STACKS, AGENT_NO_STACKS)),
            new Api("channel", "SocketChannel", List.of(BASELINE, AGENT)),
            new Api("netty-epoll", "Netty epoll", List.of(BASELINE, AGENT)));

    private final Settings settings;
    private final BenchReport report;

    ChurnBenchmarks(Settings settings, BenchReport report) {
        this.settings = settings;
        this.report = report;
    }

    void runAll() {
        for (Jdk jdk : settings.jdks()) {
            for (Api api : APIS) {
                AgentBenchmarks.guarded(report, "churn, " + api.label + ", " + jdk.label(), () -> churn(jdk, api));
            }
        }
    }

    private void churn(Jdk jdk, Api api) {
        Map<AgentVariant, List<List<Alternation.Slice>>> warmups = new EnumMap<>(AgentVariant.class);
        api.variants.forEach(v -> warmups.put(v, new ArrayList<>()));
        Map<AgentVariant, List<List<Alternation.Slice>>> slices = Alternation.run(AgentVariant.class, api.variants,
                settings.churnRounds(), 1, settings.slicesPerRound(), settings.slice(), v -> {
                    SlicedChild child = SlicedChild.start(command(jdk, api, v.jvmArgs(settings), "--slices",
                            "--warmup-slice", String.valueOf(WARMUP_SLICE_SECONDS)));
                    warmups.get(v).add(child.warmup());
                    return child;
                });
        String where = api.label + ", " + jdk.label();
        for (AgentVariant candidate : api.variants.subList(1, api.variants.size())) {
            String name = "connection churn, " + where + ", " + candidate.label + " / no agent";
            Figure ratio = AgentBenchmarks.ratioFigure(name, "≥ " + TARGET, TARGET, slices.get(candidate),
                    slices.get(BASELINE), "conn/s", 1);
            // stack=0 shows what the stacks cost; the target is about the agent as it runs by default or cheaply
            Figure figure = candidate == AGENT_NO_STACKS ? new Figure(ratio.name(), "", ratio.measured(),
                    Figure.Verdict.INFO, ratio.detail()) : ratio;
            report.add(figure);
            report.add(cpuPerConnection(where, candidate, slices.get(candidate), slices.get(BASELINE)));
            // one profile per JDK, of the JDK's own socket path: each costs a JVM's warm-up and a recording
            if (figure.verdict() == Figure.Verdict.MISSES && candidate == AGENT && api.option.equals("socket")) {
                report.profile(name, jdk, command(jdk, api, withoutJfrEvents(candidate.jvmArgs(settings)),
                        "--seconds", String.valueOf(settings.measureSeconds())), settings.churnWarmupSeconds());
            }
        }
        report.add(warmup(where, warmups.get(AGENT), warmups.get(BASELINE)));
    }

    private List<String> command(Jdk jdk, Api api, List<String> jvmArgs, String... mode) {
        String classPath = api.option.equals("netty-epoll")
                ? settings.workloadClasspath() + File.pathSeparator + nettyClasspath()
                : settings.workloadClasspath();
        List<String> command = ChildProcess.command(jdk.java(), jvmArgs, "-cp", classPath,
                "tcptrace.bench.ChurnWorkload", "--api", api.option, "--threads", String.valueOf(THREADS),
                "--warmup", String.valueOf(settings.churnWarmupSeconds()));
        command.addAll(List.of(mode));
        return command;
    }

    /**
     * The agent's options with {@code off=jfr}: the profiling recording would otherwise turn the agent's JFR events
     * on, which the measured JVM, with no recording, never writes, and the profile would show their cost instead.
     */
    private static List<String> withoutJfrEvents(List<String> jvmArgs) {
        List<String> args = new ArrayList<>();
        for (String a : jvmArgs) {
            args.add(a.startsWith("-javaagent:") ? a + ",off=jfr" : a);
        }
        return args;
    }

    /** Netty's jars, as src/bench/run passes them ({@code --netty-classpath}), for the Netty epoll rows. */
    private String nettyClasspath() {
        if (settings.nettyClasspath() == null) {
            throw new BenchException("no --netty-classpath: the Netty epoll rows need Netty's jars");
        }
        return settings.nettyClasspath();
    }

    /** Process CPU per connection that the candidate adds, per round, against 3 % of the JVM's own. */
    private static Figure cpuPerConnection(String where, AgentVariant candidate, List<List<Alternation.Slice>> with,
                                           List<List<Alternation.Slice>> without) {
        List<Double> added = new ArrayList<>();
        List<Double> own = new ArrayList<>();
        for (int round = 0; round < with.size(); round++) {
            double baseline = microsPerConnection(without.get(round));
            own.add(baseline);
            added.add(microsPerConnection(with.get(round)) - baseline);
        }
        double median = Stats.median(added);
        double budget = CPU_BUDGET * Stats.median(own);
        return new Figure("CPU per connection added by the " + candidate.label + ", churn, " + where,
                fmt("≤ %.1f µs (3 %%)", budget), fmt("%.1f µs", median), Figure.atMost(median, budget),
                fmt("process CPU time over connections, the candidate's minus the JVM's own (%.1f µs per "
                        + "connection without the agent, both ends counted) per round: %s", Stats.median(own),
                        list(added, "%.2f")));
    }

    private static double microsPerConnection(List<Alternation.Slice> slices) {
        long cpu = 0;
        long units = 0;
        for (Alternation.Slice s : slices) {
            cpu += s.cpuNanos();
            units += s.units();
        }
        return units == 0 ? Double.NaN : cpu / 1e3 / units;
    }

    /** Warm-up of the agent's JVMs against the plain ones: seconds to 95 % of their own late rate. */
    private static Figure warmup(String where, List<List<Alternation.Slice>> agent,
                                 List<List<Alternation.Slice>> baseline) {
        List<Double> agentSeconds = new ArrayList<>();
        List<Double> agentLost = new ArrayList<>();
        List<Double> baseSeconds = new ArrayList<>();
        List<Double> baseLost = new ArrayList<>();
        for (List<Alternation.Slice> curve : agent) {
            Warmup w = Warmup.of(curve);
            agentSeconds.add(w.seconds);
            agentLost.add(w.lost);
        }
        for (List<Alternation.Slice> curve : baseline) {
            Warmup w = Warmup.of(curve);
            baseSeconds.add(w.seconds);
            baseLost.add(w.lost);
        }
        double added = Stats.median(agentSeconds) - Stats.median(baseSeconds);
        return new Figure("warm-up to 95 % of its own late rate, churn, " + where + ", agent vs no agent",
                fmt("≤ +%.0f s", WARMUP_TARGET_SECONDS),
                fmt("%+.2f s (%.2f vs %.2f s)", added, Stats.median(agentSeconds), Stats.median(baseSeconds)),
                Figure.atMost(added, WARMUP_TARGET_SECONDS),
                fmt("from the first connection, in %.0f ms slices; late rate: the last %.0f s of the warm-up; "
                                + "connections not made meanwhile against that rate: %.0f with the agent, %.0f "
                                + "without (median); per JVM: agent %s s, lost %s; no agent %s s, lost %s",
                        WARMUP_SLICE_SECONDS * 1e3, LATE_SECONDS, Stats.median(agentLost), Stats.median(baseLost),
                        list(agentSeconds, "%.2f"), list(agentLost, "%.0f"), list(baseSeconds, "%.2f"),
                        list(baseLost, "%.0f")));
    }

    /**
     * One JVM's warm-up: when a window of {@link #WARM_WINDOW_SECONDS} first ran at {@link #WARM_SHARE} of the late
     * rate (from the start of that window), and the connections it did not make until then against that rate.
     */
    record Warmup(double seconds, double lost) {
        static Warmup of(List<Alternation.Slice> curve) {
            if (curve.isEmpty()) {
                throw new BenchException("the churn workload reported no warm-up slices");
            }
            int window = Math.max(1, (int) Math.round(WARM_WINDOW_SECONDS / WARMUP_SLICE_SECONDS));
            int late = Math.max(1, Math.min(curve.size(), (int) Math.round(LATE_SECONDS / WARMUP_SLICE_SECONDS)));
            double lateRate = rate(curve, curve.size() - late, curve.size());
            double elapsed = 0;
            long made = 0;
            for (int i = 0; i + window <= curve.size(); i++) {
                if (rate(curve, i, i + window) >= WARM_SHARE * lateRate) {
                    return new Warmup(elapsed, Math.max(0, lateRate * elapsed - made));
                }
                elapsed += curve.get(i).wallNanos() / 1e9;
                made += curve.get(i).units();
            }
            return new Warmup(elapsed, Math.max(0, lateRate * elapsed - made));
        }

        private static double rate(List<Alternation.Slice> curve, int from, int to) {
            long units = 0;
            long wall = 0;
            for (Alternation.Slice s : curve.subList(from, to)) {
                units += s.units();
                wall += s.wallNanos();
            }
            return units * 1e9 / wall;
        }
    }
}
