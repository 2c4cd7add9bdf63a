package tcptrace.report;

import java.io.PrintWriter;
import tcptrace.Durations;
import java.util.StringJoiner;
import tcptrace.correlate.Verdict;
import tcptrace.correlate.VerdictKind;

/**
 * A table for people: one aligned line per verdict (time, who sent what to whom, verdict, pid and thread), the
 * explanation and the top application frame indented beneath, and a summary at the end (with the peers that close
 * idle connections). Column widths are fixed so that a live capture can print each line the moment its verdict is
 * decided.
 */
public final class TextReport implements Report {
    private static final String FORMAT = "%-15s  %-21s %-3s %-21s  %-6s %-28s %s%n";
    private static final String INDENT = "                 ";

    private final PrintWriter out;
    private final boolean flushEachVerdict;
    private final IdlePeers idlePeers = new IdlePeers();
    private boolean headerDone;

    /**
     * @param flushEachVerdict true when someone may be reading as verdicts happen (a live capture); a report of a
     *                         file flushes after the summary only, which spares it a write to the OS per line
     */
    public TextReport(PrintWriter out, boolean flushEachVerdict) {
        this.out = out;
        this.flushEachVerdict = flushEachVerdict;
    }

    @Override
    public synchronized void verdict(Verdict v) {
        idlePeers.add(v);
        if (!headerDone) {
            out.printf(FORMAT, "TIME (UTC)", "SRC", "", "DST", "PACKET", "VERDICT", "PID/THREAD");
            headerDone = true;
        }
        out.printf(FORMAT, Timestamps.clock(v.timeNanos()), v.src(), "→", v.dst(),
                v.packet() == null ? "-" : v.packet().wire(), verdictColumn(v), who(v));
        out.println(INDENT + v.explanation());
        String frame = v.topApplicationFrame();
        if (frame != null) {
            out.println(INDENT + "at " + frame);
        }
        if (v.idle() != null) {
            out.println(INDENT + "idle " + Durations.seconds(v.idle()) + " s before this "
                    + (v.packet() == null ? "end" : v.packet().wire()));
        }
        if (flushEachVerdict) {
            out.flush();
        }
    }

    private static String verdictColumn(Verdict v) {
        String detail = v.exit() != null ? v.exit().wire() : v.reason() != null ? v.reason().wire() : null;
        return detail == null ? v.verdict().name() : v.verdict().name() + " (" + detail + ")";
    }

    private static String who(Verdict v) {
        String thread = v.thread() == null ? null : v.thread().isEmpty() ? "(unnamed)" : v.thread();
        if (v.pid() == null) {
            return thread == null ? "-" : thread;
        }
        return thread == null ? String.valueOf(v.pid()) : v.pid() + "/" + thread;
    }

    @Override
    public synchronized void summary(Summary s) {
        long total = s.counts().values().stream().mapToLong(Long::longValue).sum();
        StringJoiner kinds = new StringJoiner(", ");
        for (VerdictKind k : VerdictKind.values()) {
            Long n = s.counts().get(k);
            if (n != null) {
                kinds.add(k + " " + n);
            }
        }
        out.println();
        out.println("summary: " + total + (total == 1 ? " verdict" : " verdicts")
                + (total == 0 ? "" : " (" + kinds + ")") + "; " + s.packets() + (s.packets() == 1 ? " packet, " : " packets, ")
                + s.connections() + (s.connections() == 1 ? " connection" : " connections"));
        if (s.capture().frames() > 0 || s.drops() > 0) {
            out.println("capture: " + s.capture().frames() + " frames, " + s.capture().truncated() + " truncated, "
                    + s.capture().kernelDrops() + " dropped by the kernel, " + s.capture().interfaceDrops()
                    + " by the interface");
        }
        for (String d : s.damages()) {
            out.println("journal damage: " + d);
        }
        for (String n : s.notes()) {
            out.println("note: " + n);
        }
        IdlePeersText.print(out, idlePeers);
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
