package tcptrace.lab;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tcptrace.scenario.Expected;
import tcptrace.scenario.Side;

/** Prints a scenario outcome for people: the packets, the kernel's reasons, each verdict against the expected one. */
public final class OutcomePrinter {
    private final PrintStream out;

    public OutcomePrinter(PrintStream out) {
        this.out = out;
    }

    public void print(ScenarioOutcome outcome) {
        out.println(outcome.scenario().name() + " - " + outcome.scenario().summary());
        if (outcome.skipped() != null) {
            out.println("  SKIPPED  " + outcome.skipped());
            out.println();
            return;
        }
        outcome.notes().forEach(note -> out.println("  lab      " + note));
        GroundTruth truth = outcome.truth();
        if (truth != null) {
            printWire(truth);
        }
        if (outcome.got() != null) {
            printVerdicts(outcome);
        }
        if (outcome.groundMismatch() != null) {
            out.println("  truth    MISMATCH: " + outcome.groundMismatch());
        }
        if (outcome.error() != null) {
            out.println("  error    " + outcome.error());
        }
        out.printf("  %s  (%.1f s%s)%n%n", outcome.passed() ? "PASS" : "FAIL", outcome.took().toMillis() / 1000.0,
                outcome.passed() || outcome.dir() == null ? "" : ", files in " + outcome.dir());
    }

    private void printWire(GroundTruth truth) {
        List<String> wire = truth.describeWire();
        if (wire.isEmpty()) {
            out.println("  wire     no FIN, no RST");
        }
        for (int i = 0; i < wire.size(); i++) {
            out.println((i == 0 ? "  wire     " : "           ") + wire.get(i));
        }
        closeShape(truth).ifPresent(shape -> out.println("           " + shape));
        for (Side side : Side.values()) {
            long again = truth.retransmissions(side);
            if (again > 0) {
                out.println("           " + side.label() + " retransmitted " + again
                        + (again == 1 ? " time" : " times"));
            }
        }
        if (truth.kernelUnavailable() != null) {
            out.println("  kernel   not observed: " + truth.kernelUnavailable());
            return;
        }
        List<String> resets = new ArrayList<>();
        for (Side side : Side.values()) {
            truth.kernelResets(side).forEach(reason -> resets.add(side.label() + " sent RST (" + reason + ")"));
        }
        out.println("  kernel   " + (resets.isEmpty() ? "no RST sent" : String.join(", ", resets)));
    }

    private static Optional<String> closeShape(GroundTruth truth) {
        long fins = truth.teardown().stream().filter(t -> t.flag().equals("FIN")).count();
        if (fins < 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(truth.closeSegments() == 3
                    ? "close in 3 segments: the second FIN carried the ACK of the first"
                    : "close in 4 segments: the first FIN was acknowledged on its own");
        } catch (GroundTruth.Mismatch e) {
            return Optional.empty();
        }
    }

    private void printVerdicts(ScenarioOutcome outcome) {
        List<Expected> pending = new ArrayList<>(outcome.expected());
        String label = "  verdict  ";
        for (int i = 0; i < outcome.records().size(); i++) {
            VerdictRecord record = outcome.records().get(i);
            Expected got = outcome.got().get(i);
            out.println(label + String.format("%-44s %s", got, pending.remove(got) ? "ok" : "UNEXPECTED"));
            if (record.text("explanation") != null) {
                out.println("             " + record.text("explanation"));
            }
            label = "           ";
        }
        for (Expected missing : pending) {
            out.println(label + String.format("%-44s %s", missing, "MISSING (expected)"));
            label = "           ";
        }
    }
}
