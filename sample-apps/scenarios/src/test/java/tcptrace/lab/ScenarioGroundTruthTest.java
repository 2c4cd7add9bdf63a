package tcptrace.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tcptrace.scenario.Scenario;
import tcptrace.scenario.Scenarios;

/**
 * Every scenario, untraced, in the namespace lab: the packets (read by tcpdump) and the kernel's tracepoints must
 * tell the story the scenario claims. This is the lab's own proof, independent of tcptrace's correlator.
 */
class ScenarioGroundTruthTest {
    private static final Map<String, ScenarioOutcome> OUTCOMES = new ConcurrentHashMap<>();

    @TempDir
    static Path workDir;

    @BeforeAll
    static void runEveryScenario() {
        List<String> problems = LabEnvironment.namespaceProblems();
        if (!problems.isEmpty()) {
            fail("the scenario lab needs network namespaces; missing: " + String.join("; ", problems));
        }
        Path javaHome = Path.of(System.getProperty("java.home"));
        LabSettings settings = new LabSettings(
                RoleLauncher.throughClassPath(javaHome, System.getProperty("java.class.path"), null),
                null, null, true, workDir, 4);
        new Lab(settings).run(Scenarios.all().stream().filter(s -> s.minimumJava() <= Runtime.version().feature())
                .toList(), outcome -> OUTCOMES.put(outcome.scenario().name(), outcome));
    }

    static Stream<String> scenarios() {
        return Scenarios.all().stream().filter(s -> s.minimumJava() <= Runtime.version().feature())
                .map(Scenario::name);
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void groundTruthMatchesTheScenario(String name) {
        ScenarioOutcome outcome = OUTCOMES.get(name);
        assertThat(outcome).as("outcome of %s", name).isNotNull();
        assertThat(outcome.error()).as("lab error in %s", name).isNull();
        assertThat(outcome.groundMismatch()).as("ground truth of %s", name).isNull();
        assertThat(outcome.truth().kernelUnavailable()).as("kernel view in %s", name).isNull();
    }
}
