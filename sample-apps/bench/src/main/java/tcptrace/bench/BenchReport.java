package tcptrace.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Collects the figures of one run, and the profiles of the ones that missed, and writes them as Markdown. */
final class BenchReport {
    private final Settings settings;
    private final String commit;
    private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> openItems = new ArrayList<>();
    private final String loadAtStart = loadAverage();

    BenchReport(Settings settings, String commit) {
        this.settings = settings;
        this.commit = commit;
    }

    synchronized void add(Figure figure) {
        figures.add(figure);
        System.out.println(figure.verdict().text + "  " + figure.name() + ": " + figure.measured()
                + (figure.target().isEmpty() ? "" : " (target " + figure.target() + ")"));
    }

    /**
     * Profiles the candidate command of a figure that missed its target, and keeps the findings; the recording
     * starts after {@code warmupSeconds}, so that it sees the measured steady state rather than start-up.
     */
    void profile(String figureName, Jdk jdk, List<String> command, double warmupSeconds) {
        System.out.println("profiling: " + figureName);
        String findings;
        try {
            findings = HotPathProfile.record(jdk, command, settings.profileDir(), warmupSeconds);
        } catch (BenchException e) {
            findings = "Profiling failed: " + e.getMessage() + "\n";
        }
        openItem(figureName, findings);
    }

    synchronized void openItem(String title, String body) {
        openItems.add("### " + title + "\n\n" + body);
    }

    void write(Path file) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Written by `src/bench/run").append(settings.quick() ? " --quick" : "").append("` on ")
                .append(started).append(settings.quick() ? " (a quick smoke run: short, few rounds; "
                        + "not the figures to quote)" : "").append(", measuring commit `").append(commit)
                .append("`. What the figures mean, how they were reached and what stands in the way of the ones "
                        + "that miss: [benchmarks-notes.md](benchmarks-notes.md).\n\n");
        md.append(machine()).append('\n');
        md.append(method()).append('\n');
        md.append("| figure | target | measured | verdict |\n|---|---|---|---|\n");
        for (Figure f : figures) {
            md.append("| ").append(f.name()).append(" | ").append(f.target().isEmpty() ? "—" : f.target())
                    .append(" | ").append(f.measured()).append(" | ").append(f.verdict().text).append(" |\n");
        }
        md.append("\n## Details\n\n");
        for (Figure f : figures) {
            md.append("- **").append(f.name()).append("**: ").append(f.detail()).append('\n');
        }
        md.append("\n## Open items\n\n");
        if (openItems.isEmpty()) {
            md.append("None: every figure with a target met it.\n");
        } else {
            md.append(String.join("\n", openItems));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, md.toString());
    }

    private String machine() {
        String jdks = settings.jdks().stream().map(j -> j.label() + " (" + j.version() + ")")
                .collect(Collectors.joining(", "));
        return "Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (nproc), " + cpuModel() + ", "
                + memory() + " memory; JDKs: " + jdks + ". Load average (1, 5, 15 min) at the start: " + loadAtStart
                + "; at the end: " + loadAverage() + ".\n";
    }

    private String method() {
        return "Method: every ratio compares child JVMs run side by side in one run. Throughput (churn, bulk): "
                + "each round starts one JVM per variant and warms it (" + settings.warmupSeconds() + " s), then the "
                + "variants take " + settings.slicesPerRound() + " turns of " + settings.slice().toMillis() + " ms "
                + "each in rotating order (A B C, B C A, ...), the others stopped (SIGSTOP) meanwhile, so that "
                + "neighbouring slices meet the same machine and no JVM works in another's time; a round's ratio is "
                + "the median of its turns' ratios, the figure the median of " + settings.alternationRounds()
                + " rounds (fresh JVMs each, so that no one JVM's compilation decides). Connection churn is measured "
                + "the same way, but each JVM first works alone for " + settings.churnWarmupSeconds() + " s so "
                + "that its steady state is what the turns see, and in " + settings.churnRounds() + " rounds "
                + "instead (the long warm-ups would otherwise take the suite past 30 minutes on 2 CPUs: fewer "
                + "rounds, so a wider spread between them, bought the warm-up); its warm-up, reported in 250 ms "
                + "slices, gives the time to 95 % of the JVM's own late rate (its last 2 s of warm-up) and the "
                + "connections not made until then, and the slices' process CPU time gives the agent's CPU per "
                + "connection. Beside the wall-clock ratio, which decides "
                + "the verdict, they show the ratio of work per CPU second of the process. Start-up: the variants "
                + "interleaved (A B C, B C A, ...) for " + settings.startupRounds() + " rounds, each round's "
                + "difference taken first, then the median. The agent runs as "
                + "`-javaagent:target/tcptrace.jar=journal=<fresh dir>` (both sinks on; `jfr=` adds a recording), "
                + "with a weave cache that an earlier run has filled, as on a machine where the agent ran before; the "
                + "*first JVM* start-up rows give each run an empty one. "
                + "Loopback only. A figure that misses its target is profiled with JFR under *Open items*.\n";
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memory() {
        long bytes = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return AgentBenchmarks.fmt("%.1f GiB", bytes / (double) (1L << 30));
    }
}
