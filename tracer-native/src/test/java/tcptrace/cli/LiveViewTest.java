package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tcptrace.correlate.VerdictKind;
import tcptrace.report.SyntheticEnds;

class LiveViewTest {
    private static final String ESCAPE = "\u001b\\[[0-9;]*m";

    @Test
    void frameShowsCountsRiskDropsAndTheNewestVerdictFirst() {
        Map<VerdictKind, Long> counts = new EnumMap<>(VerdictKind.class);
        counts.put(VerdictKind.APP_CLOSE, 7L);
        counts.put(VerdictKind.PEER_RESET, 2L);

        String frame = LiveView.render("lo (filter: tcp)", 12, counts, new LiveStatus(1234, 56, 9, 3, 4),
                List.of(SyntheticEnds.verdict(1, VerdictKind.APP_CLOSE, "older one", null),
                        SyntheticEnds.verdict(2, VerdictKind.PEER_RESET, "newer one", null)), 200);

        assertThat(frame).startsWith(LiveView.HOME_AND_CLEAR);
        List<String> lines = frame.substring(LiveView.HOME_AND_CLEAR.length()).replaceAll(ESCAPE, "").lines().toList();
        assertThat(lines.get(0)).contains("lo (filter: tcp)").contains("12 s");
        assertThat(lines.get(1)).contains("1234 packets", "56 connections", "9 open", "3 at risk", "4 dropped");
        assertThat(lines).contains("verdicts: 9").anyMatch(l -> l.matches(" +APP_CLOSE +7"))
                .anyMatch(l -> l.matches(" +PEER_RESET +2"));
        int newer = indexOf(lines, "newer one");
        int older = indexOf(lines, "older one");
        assertThat(newer).isPositive().isLessThan(older);
    }

    @Test
    void linesAreCutToTheWidthWithoutCountingEscapes() {
        String frame = LiveView.render("x".repeat(300), 0, Map.of(), new LiveStatus(0, 0, 0, 0, 0), List.of(), 50);

        frame.substring(LiveView.HOME_AND_CLEAR.length()).lines()
                .forEach(l -> assertThat(l.replaceAll(ESCAPE, "").length()).isLessThanOrEqualTo(50));
        assertThat(LiveView.fit("\u001b[1mabcdef\u001b[0m", 3)).isEqualTo("\u001b[1mabc\u001b[0m");
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
