package tcptrace.report;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tcptrace.capture.CaptureStats;
import tcptrace.correlate.Verdict;
import tcptrace.correlate.VerdictKind;

/**
 * What a run saw overall.
 *
 * @param counts      verdicts per kind
 * @param packets     TCP segments correlated
 * @param connections wire connections seen
 * @param capture     counts of the packet source (frames, drops), or {@link CaptureStats#NONE}
 * @param damages     one line per damaged place in the evidence (torn journal record, ...): where reading stopped
 * @param notes       other things a person should know (evidence from another boot, sysctls of another namespace)
 */
public record Summary(Map<VerdictKind, Long> counts, long packets, long connections, CaptureStats capture,
                      List<String> damages, List<String> notes) {

    public Summary {
        counts = Map.copyOf(counts);
        damages = List.copyOf(damages);
        notes = List.copyOf(notes);
    }

    public static Map<VerdictKind, Long> count(List<Verdict> verdicts) {
        Map<VerdictKind, Long> m = new EnumMap<>(VerdictKind.class);
        for (Verdict v : verdicts) {
            m.merge(v.verdict(), 1L, Long::sum);
        }
        return m;
    }

    public long drops() {
        return capture.kernelDrops() + capture.interfaceDrops();
    }
}
