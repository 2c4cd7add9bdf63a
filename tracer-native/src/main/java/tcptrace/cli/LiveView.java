package tcptrace.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tcptrace.correlate.Verdict;
import tcptrace.correlate.VerdictKind;
import tcptrace.report.Timestamps;

/** Draws one frame of the terminal view: counts, then the newest verdicts, each line cut to the terminal's width. */
final class LiveView {
    static final String HOME_AND_CLEAR = "\u001b[H\u001b[2J";
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[31m";
    private static final String RESET = "\u001b[0m";

    private LiveView() {
    }

    /**
     * @param heading  what is captured, e.g. "any (filter: tcp)"
     * @param seconds  how long the capture has run
     * @param counts   verdicts so far, per kind
     * @param status   the capture's counts
     * @param newest   the newest verdicts, oldest first
     * @param width    terminal columns
     */
    static String render(String heading, long seconds, Map<VerdictKind, Long> counts, LiveStatus status,
                         List<Verdict> newest, int width) {
        List<String> lines = new ArrayList<>();
        lines.add(BOLD + "tcptrace capture on " + heading + RESET + " — " + seconds + " s, Ctrl-C stops");
        lines.add(status.packets() + " packets, " + status.connections() + " connections; " + status.open()
                + " open in traced JVMs, " + (status.atRisk() > 0 ? RED : "") + status.atRisk()
                + " at risk (idle-able with keepalive off)" + (status.atRisk() > 0 ? RESET : "") + "; "
                + (status.drops() > 0 ? RED : "") + status.drops() + " dropped" + (status.drops() > 0 ? RESET : ""));
        lines.add("");
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        lines.add(BOLD + "verdicts: " + total + RESET);
        for (VerdictKind k : VerdictKind.values()) {
            Long n = counts.get(k);
            if (n != null) {
                lines.add(String.format("  %-24s %8d", k, n));
            }
        }
        lines.add("");
        lines.add(BOLD + "newest" + RESET);
        for (int i = newest.size() - 1; i >= 0; i--) {
            Verdict v = newest.get(i);
            lines.add("  " + Timestamps.clock(v.timeNanos()) + "  " + v.src() + " → " + v.dst() + "  "
                    + (v.packet() == null ? "-" : v.packet().wire()) + "  " + v.verdict() + "  " + v.explanation());
        }
        StringBuilder frame = new StringBuilder(HOME_AND_CLEAR);
        for (String line : lines) {
            frame.append(fit(line, width)).append('\n');
        }
        return frame.toString();
    }

    /**
     * Cuts a line to {@code width} visible characters. Escape sequences take no columns and are all kept, so that a
     * colour switched on before the cut is still switched off after it.
     */
    static String fit(String line, int width) {
        StringBuilder out = new StringBuilder(line.length());
        int visible = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\u001b') {
                int end = line.indexOf('m', i);
                out.append(line, i, end + 1);
                i = end;
            } else if (visible < width) {
                out.append(c);
                visible++;
            }
        }
        return out.toString();
    }
}
