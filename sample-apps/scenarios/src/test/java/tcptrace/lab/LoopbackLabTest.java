package tcptrace.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.scenario.Scenario;
import tcptrace.scenario.Scenarios;

/** The fallback of a machine without network namespaces: the loopback subset, and why the rest is skipped. */
class LoopbackLabTest {

    @TempDir
    Path workDir;

    @Test
    void loopbackRunsWhatNeedsNoCableAndSkipsTheRest() {
        if (!LabEnvironment.isRoot()) {
            fail("capturing on loopback needs root (or CAP_NET_RAW)");
        }
        List<Scenario> scenarios = List.of(named("client-close-delayed"), named("connect-refused"),
                named("half-open"));
        Path javaHome = Path.of(System.getProperty("java.home"));
        LabSettings settings = new LabSettings(
                RoleLauncher.throughClassPath(javaHome, System.getProperty("java.class.path"), null),
                null, null, false, workDir, 2);

        List<ScenarioOutcome> outcomes = new Lab(settings).run(scenarios, outcome -> { });

        assertThat(outcomes.get(0).passed()).as("client-close-delayed: %s %s", outcomes.get(0).error(),
                outcomes.get(0).groundMismatch()).isTrue();
        assertThat(outcomes.get(0).truth().describeWire()).allMatch(line -> line.contains("127.0.0.1"));
        assertThat(outcomes.get(1).passed()).as("connect-refused: %s %s", outcomes.get(1).error(),
                outcomes.get(1).groundMismatch()).isTrue();
        assertThat(outcomes.get(2).skipped()).contains("network namespaces");
    }

    private static Scenario named(String name) {
        return Scenarios.byName(name).orElseThrow();
    }
}
