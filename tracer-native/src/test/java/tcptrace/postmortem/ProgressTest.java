package tcptrace.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tcptrace.correlate.VerdictKind;

class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void aLineSaysPacketsShareRateAndVerdictsAndIsRedrawnInPlace() {
        Progress p = new Progress(out, 0);
        Map<VerdictKind, Long> verdicts = new EnumMap<>(VerdictKind.class);
        verdicts.put(VerdictKind.APP_CLOSE, 1200L);
        verdicts.put(VerdictKind.PEER_RESET, 3L);

        assertThat(p.due()).isTrue();
        p.show(1_500_000, 250, 1000, verdicts);
        p.done();

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\r\033[K").containsPattern("report: 1,500,000 packets \\(25%\\), [0-9.]+ M "
                + "packets/s, 1,203 verdicts: APP_CLOSE 1,200, PEER_RESET 3").endsWith("\r\033[K");
    }

    @Test
    void aShortReportShowsNothingAndClearsNothing() {
        Progress p = Progress.to(out);

        assertThat(p.due()).isFalse();
        p.done();
        assertThat(bytes.size()).isZero();
    }
}
