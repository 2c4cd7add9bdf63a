package tcptrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tcptrace.lab.InstalledJdks;
import tcptrace.lab.JavaRelease;
import tcptrace.lab.Lab;
import tcptrace.lab.LabEnvironment;
import tcptrace.lab.LabSettings;
import tcptrace.lab.RoleLauncher;
import tcptrace.lab.ScenarioOutcome;
import tcptrace.lab.VerdictRecord;
import tcptrace.scenario.Expected;
import tcptrace.scenario.Scenario;
import tcptrace.scenario.Scenarios;

/**
 * Every scenario through the real {@code target/tcptrace.jar}: roles traced with {@code -javaagent}, verdicts from
 * {@code capture --json} on the namespace's veth, each on JDK 17 and on JDK 25 as the traced JVM. Each verdict
 * record must be exactly the scenario's expected set, and the packets (tcpdump) and the kernel (tracefs) must agree
 * with the scenario, independently of tcptrace.
 */
class ScenarioVerdictsIT {
    /** Each JDK's lab runs this many scenarios at once; both labs run side by side. */
    private static final int PARALLEL_PER_JDK = 3;
    private static final Map<String, ScenarioOutcome> OUTCOMES = new ConcurrentHashMap<>();

    static Path jdk17() {
        return Path.of(System.getProperty("java.home"));
    }

    static Path jdk25() {
        return InstalledJdks.require(25);
    }

    @BeforeAll
    static void runTheLabOnBothJdks() {
        List<String> problems = LabEnvironment.namespaceProblems();
        if (!problems.isEmpty()) {
            fail("the end-to-end suite needs network namespaces; missing: " + String.join("; ", problems));
        }
        Path jar = Path.of(requiredProperty("tcptrace.jar"));
        if (!Files.isRegularFile(jar)) {
            fail("no " + jar + ": build it first (mvn -B install at the repository root)");
        }
        Path labs = Path.of("target", "e2e-lab").toAbsolutePath();
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (Path jdk : List.of(jdk17(), jdk25())) {
            int feature = JavaRelease.feature(jdk);
            LabSettings settings = new LabSettings(RoleLauncher.throughJar(jdk, jar), jar,
                    Path.of(System.getProperty("java.home"), "bin", "java"), true, labs.resolve("jdk" + feature),
                    PARALLEL_PER_JDK);
            runs.add(CompletableFuture.runAsync(() -> new Lab(settings).run(scenariosFor(feature),
                    outcome -> OUTCOMES.put(key(outcome.scenario().name(), feature), outcome))));
        }
        runs.forEach(CompletableFuture::join);
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Path jdk : List.of(jdk17(), jdk25())) {
            int feature = JavaRelease.feature(jdk);
            scenariosFor(feature).forEach(s -> cases.add(Arguments.of(s.name(), feature)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on JDK {1}")
    @MethodSource("cases")
    void verdictsMatchTheScenarioAndTheWire(String scenario, int jdk) {
        ScenarioOutcome outcome = OUTCOMES.get(key(scenario, jdk));
        assertThat(outcome).as("%s on JDK %s ran", scenario, jdk).isNotNull();
        assertThat(outcome.error()).as("lab error (files in %s)", outcome.dir()).isNull();
        assertThat(outcome.truth().kernelUnavailable()).as("kernel view").isNull();
        assertThat(outcome.groundMismatch()).as("packets and kernel against the scenario").isNull();
        assertThat(outcome.got())
                .as("verdict records of %s on JDK %d (files in %s):%n%s", scenario, jdk, outcome.dir(),
                        describe(outcome.records()))
                .containsExactlyInAnyOrderElementsOf(outcome.expected());
        for (int i = 0; i < outcome.records().size(); i++) {
            assertAttribution(outcome.records().get(i), outcome.got().get(i), outcome);
        }
    }

    /**
     * The scenario's truth about who sent it: the pid of the role process on its side (started by the lab), the
     * thread the scenario closes on (the Cleaner's for GC_CLEANER_CLOSE; for a close a library's own thread ran, a
     * thread present), and a stack whose top application frame is the scenario's own code (for GC_CLEANER_CLOSE,
     * where the leaked socket was opened; for a library's thread, a frame of that library): a verdict that names the
     * right cause without that evidence fails.
     */
    private static void assertAttribution(VerdictRecord r, Expected e, ScenarioOutcome outcome) {
        if (!e.namesAProcess()) {
            return;
        }
        String what = e + " " + r.fields();
        assertThat(r.fields().get("pid")).as("pid of %s", what).isNotNull();
        assertThat(outcome.pids().getOrDefault(e.src(), List.of()))
                .as("pids of the %s role; record %s", e.src(), what)
                .contains(((Number) r.fields().get("pid")).longValue());
        if (!e.carriesAStack()) {
            return;
        }
        assertThat(r.text("thread")).as("thread of %s", what).isNotNull();
        String thread = e.thread() != null ? e.thread() : outcome.scenario().closingThread(e.src());
        if (thread != null) {
            assertThat(r.text("thread")).as("thread of %s", what).isEqualTo(thread);
        }
        assertThat(topApplicationFrame(r)).as("top application frame of %s", what)
                .startsWith(outcome.scenario().closingFrame());
    }

    private static String topApplicationFrame(VerdictRecord r) {
        Object stack = r.fields().get("stack");
        if (!(stack instanceof List<?> frames)) {
            return "";
        }
        for (Object f : frames) {
            String frame = String.valueOf(f);
            if (!frame.startsWith("java.") && !frame.startsWith("javax.") && !frame.startsWith("sun.")
                    && !frame.startsWith("jdk.")) {
                return frame;
            }
        }
        return "";
    }

    private static List<Scenario> scenariosFor(int feature) {
        return Scenarios.all().stream().filter(s -> s.minimumJava() <= feature).toList();
    }

    private static String key(String scenario, int feature) {
        return scenario + "@" + feature;
    }

    private static String describe(List<VerdictRecord> records) {
        return records.isEmpty() ? "  (none)"
                : records.stream().map(r -> "  " + r.fields()).collect(Collectors.joining("\n"));
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            fail("system property " + name + " is not set (the parent pom passes it to failsafe)");
        }
        return value;
    }
}
