package tcptrace.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tcptrace.scenario.Expected;
import tcptrace.scenario.Scenario;
import tcptrace.scenario.Side;

/**
 * What one scenario run showed: the verdicts tcptrace gave against those the scenario expects, and whether the
 * packets and the kernel agree with the scenario's own account.
 *
 * @param got the scenario's verdict records in the scenario's terms, or null when verdicts were not collected
 * @param truth null when the run failed before the packets could be read
 * @param groundMismatch why the ground truth disagrees with the scenario, or null
 * @param error why the run itself failed (a role died, a tool is missing), or null
 * @param skipped why the scenario did not run, or null
 * @param pids the pids of the role processes, by side, in the order they started
 */
public record ScenarioOutcome(Scenario scenario, List<Expected> got, List<VerdictRecord> records, GroundTruth truth,
        String groundMismatch, String error, String skipped, List<String> notes, Path dir, Duration took,
        Map<Side, List<Long>> pids) {

    static ScenarioOutcome skipped(Scenario scenario, String why) {
        return new ScenarioOutcome(scenario, null, List.of(), null, null, null, why, List.of(), null, Duration.ZERO,
                Map.of());
    }

    public boolean passed() {
        return skipped == null && error == null && groundMismatch == null
                && (got == null || (missing().isEmpty() && unexpected().isEmpty()));
    }

    public List<Expected> expected() {
        return scenario.expected();
    }

    /** Expected records that tcptrace did not produce. */
    public List<Expected> missing() {
        return difference(scenario.expected(), got == null ? List.of() : got);
    }

    /** Records that tcptrace produced beyond those expected. */
    public List<Expected> unexpected() {
        return got == null ? List.of() : difference(got, scenario.expected());
    }

    private static List<Expected> difference(List<Expected> from, List<Expected> remove) {
        List<Expected> left = new ArrayList<>(from);
        for (Expected each : remove) {
            left.remove(each);
        }
        return left;
    }
}
