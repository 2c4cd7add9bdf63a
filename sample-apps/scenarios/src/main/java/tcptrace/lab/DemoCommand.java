package tcptrace.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import tcptrace.scenario.RoleMain;
import tcptrace.scenario.Scenario;
import tcptrace.scenario.Scenarios;

/**
 * {@code tcptrace demo}: runs the scenario lab and prints, for each scenario, the FIN and RST packets, tcptrace's
 * verdicts and the expected ones. Each role runs in a JVM of its own, started from this same jar as
 * {@code java -jar tcptrace.jar demo --run-role SCENARIO SIDE HOST:PORT} (the hidden option below).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the scenario lab: real connections end in every way the tool knows, in network "
                + "namespaces; each verdict is checked against the scenario's known truth.",
                "Scenarios: client-close, client-close-delayed, server-close, channel-close, netty-epoll, "
                        + "shutdown-output, client-killed, system-exit, gc-cleaner, linger-zero, unread-data, "
                        + "connect-refused, virtual-thread-server, retransmission-timeout, keepalive-timeout, "
                        + "half-open, peer-restart, stale-pool."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", arity = "0..*", description = "Scenarios to run (default: all).")
    List<String> scenarioNames = new ArrayList<>();

    @Option(names = "--java", paramLabel = "JAVA_HOME",
            description = "JDK of the traced JVMs (default: the one running this command).")
    Path javaHome;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
            description = "Scenarios run at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where to keep pcaps, journals and verdicts, one folder per scenario, replaced on each "
                    + "run (default: a new directory under /tmp).")
    Path workDir;

    @Option(names = "--run-role", arity = "3", hidden = true, paramLabel = "SCENARIO SIDE HOST:PORT")
    List<String> runRole;

    public DemoCommand() {
        // picocli and the CLI's reflective registration instantiate it
    }

    @Override
    public Integer call() throws Exception {
        if (runRole != null) {
            return RoleMain.run(runRole.get(0), runRole.get(1), runRole.get(2));
        }
        PrintStream out = System.out;
        List<Scenario> scenarios = selectedScenarios();
        Path jar = ownJar();
        Path home = javaHome != null ? javaHome : Path.of(System.getProperty("java.home"));
        if (!Files.isExecutable(home.resolve("bin").resolve("java"))) {
            throw new ParameterException(spec.commandLine(), "--java: no bin/java in " + home);
        }
        int feature;
        try {
            feature = JavaRelease.feature(home);
        } catch (LabException e) {
            throw new ParameterException(spec.commandLine(), "--java: " + e.getMessage());
        }
        List<String> problems = LabEnvironment.namespaceProblems();
        if (!problems.isEmpty()) {
            out.println("demo: network namespaces are not available; they need:");
            problems.forEach(problem -> out.println("  - " + problem));
            out.println("demo: running the loopback subset (scenarios that cut the cable are skipped)");
            out.println();
        }
        Path dir = workDir != null ? workDir : Files.createTempDirectory("tcptrace-demo-");
        LabSettings settings = new LabSettings(RoleLauncher.throughJar(home, jar), jar,
                Path.of(System.getProperty("java.home"), "bin", "java"), problems.isEmpty(), dir, parallel);
        out.println("demo: traced JVM " + home + " (Java " + feature + "); pcaps, journals and verdicts in " + dir
                + (workDir == null ? " (removed if every scenario passes)" : ""));
        out.println();
        OutcomePrinter printer = new OutcomePrinter(out);
        List<ScenarioOutcome> outcomes;
        try {
            outcomes = new Lab(settings).run(scenarios, printer::print);
        } catch (LabException e) {
            out.println("demo: " + e.getMessage());
            return 1;
        }
        long passed = outcomes.stream().filter(ScenarioOutcome::passed).count();
        long skipped = outcomes.stream().filter(o -> o.skipped() != null).count();
        long failed = outcomes.size() - passed - skipped;
        out.println("demo: " + passed + " passed, " + failed + " failed"
                + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        if (failed == 0 && workDir == null) {
            deleteTree(dir);
        }
        return failed == 0 ? 0 : 1;
    }

    private List<Scenario> selectedScenarios() {
        if (scenarioNames.isEmpty()) {
            return Scenarios.all();
        }
        List<Scenario> chosen = new ArrayList<>();
        for (String name : new LinkedHashSet<>(scenarioNames)) {
            chosen.add(Scenarios.byName(name).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "unknown scenario '" + name + "'; known: " + Scenarios.all().stream().map(Scenario::name)
                            .collect(Collectors.joining(", ")))));
        }
        return chosen;
    }

    /** tcptrace.jar itself: the agent for the roles, the capture for the verdicts. */
    private Path ownJar() throws Exception {
        Path location = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(location)) {
            throw new ParameterException(spec.commandLine(),
                    "demo runs from tcptrace.jar (java -jar tcptrace.jar demo)");
        }
        return location;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
