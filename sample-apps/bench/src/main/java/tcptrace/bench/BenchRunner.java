package tcptrace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs the benchmark suite and writes the results table. Arguments: {@code --jar} (tcptrace.jar under test),
 * {@code --workload-classpath}, {@code --jdk17}, {@code --jdk25}, {@code --work} (scratch directory), {@code --profiles} (JFR recordings of missed targets),
 * {@code --jmh-classpath}, {@code --out} (the Markdown file), {@code --quick},
 * {@code --only churn,agent,micro,tracer,live,startup} ({@code agent} includes {@code churn}; {@code startup}: the agent's
 * start-up rows alone; {@code live} includes {@code livechurn}, the capture beside a traced churn, alone),
 * {@code --netty-classpath} (netty-all's jars, for the start-up rows of a Netty service),
 * {@code --commit} (what was measured: the commit id, and
 * whether the sources differed from it).
 */
public final class BenchRunner {
    private BenchRunner() {
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        List<Jdk> jdks = new ArrayList<>();
        jdks.add(new Jdk("JDK 17", Path.of(options.string("jdk17", System.getProperty("java.home")))));
        Jdk jdk25 = new Jdk("JDK 25", Path.of(options.string("jdk25", tcptrace.lab.InstalledJdks.find(25)
                .map(Path::toString).orElse("/usr/lib/jvm/temurin-25-jdk-amd64"))));
        if (jdk25.present()) {
            jdks.add(jdk25);
        } else {
            System.out.println("no JDK 25 at " + jdk25.home() + ": measuring on JDK 17 only");
        }
        Path workDir = Path.of(options.required("work"));
        Files.createDirectories(workDir);
        Settings settings = new Settings(options.flag("quick"), Path.of(options.required("jar")).toAbsolutePath(),
                options.required("workload-classpath"), System.getProperty("java.class.path"), workDir,
                Files.createDirectories(Path.of(options.required("profiles")).toAbsolutePath()), jdks,
                Path.of(options.required("out")), options.string("netty-classpath", null));
        Set<String> parts = Set.of(options.string("only", "agent,micro,tracer,live").split(","));

        BenchReport report = new BenchReport(settings, options.string("commit", "unknown"));
        if (parts.contains("agent") || parts.contains("churn")) {
            new ChurnBenchmarks(settings, report).runAll();
        }
        if (parts.contains("agent")) {
            new AgentBenchmarks(settings, report).runAll();
        } else if (parts.contains("startup")) {
            new AgentBenchmarks(settings, report).runStartup();
        }
        if (parts.contains("micro")) {
            new MicroBenchmarks(settings, report, options.required("jmh-classpath")).runAll();
        }
        if (parts.contains("tracer")) {
            new TracerBenchmarks(settings, report).runAll();
        }
        if (parts.contains("live")) {
            new LiveCaptureBenchmarks(settings, report).runAll();
        }
        if (parts.contains("live") || parts.contains("livechurn")) {
            new LiveTracedChurnBenchmark(settings, report).run();
        }
        report.write(settings.output());
        System.out.println("results: " + settings.output());
    }
}
