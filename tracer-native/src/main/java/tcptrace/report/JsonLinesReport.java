package tcptrace.report;

import java.io.PrintWriter;
import java.util.List;
import tcptrace.Durations;
import tcptrace.agent.event.Endpoint;
import tcptrace.correlate.Verdict;

/** One JSON object per verdict per line, with exactly the keys of the record contract, in its order. */
public final class JsonLinesReport implements Report {
    private final PrintWriter out;
    private final boolean flushEachVerdict;
    /** One line's buffer, reused: a report of a file writes hundreds of thousands of lines. */
    private final StringBuilder line = new StringBuilder(512);
    /** The line's characters: a PrintWriter would take the StringBuilder only as one more String copy. */
    private char[] chars = new char[512];

    /**
     * @param flushEachVerdict true when someone may be reading as verdicts happen (a live capture); a report of a
     *                         file flushes on {@link #close} only, which spares it a write to the OS per line
     */
    public JsonLinesReport(PrintWriter out, boolean flushEachVerdict) {
        this.out = out;
        this.flushEachVerdict = flushEachVerdict;
    }

    @Override
    public synchronized void verdict(Verdict v) {
        line.setLength(0);
        append(line, v);
        if (chars.length < line.length()) {
            chars = new char[line.length() * 2];
        }
        line.getChars(0, line.length(), chars, 0);
        out.write(chars, 0, line.length());
        out.println();
        if (flushEachVerdict) {
            out.flush();
        }
    }

    /** The summary is not a verdict: JSON lines carry verdicts only, so scripts can read every line alike. */
    @Override
    public void summary(Summary s) {
    }

    @Override
    public void close() {
        out.flush();
    }

    public static String toJson(Verdict v) {
        return append(new StringBuilder(512), v).toString(); // a record without a stack is about 300 characters
    }

    private static StringBuilder append(StringBuilder b, Verdict v) {
        b.append("{\"verdict\":");
        Json.string(b, v.verdict().name());
        b.append(",\"src\":");
        endpoint(b, v.src());
        b.append(",\"dst\":");
        endpoint(b, v.dst());
        b.append(",\"packet\":");
        Json.string(b, v.packet() == null ? null : v.packet().wire());
        b.append(",\"time\":\"");
        Timestamps.appendIso(b, v.timeNanos()).append('"');
        b.append(",\"pid\":").append(v.pid() == null ? "null" : v.pid().toString());
        b.append(",\"thread\":");
        Json.string(b, v.thread());
        b.append(",\"exit\":");
        Json.string(b, v.exit() == null ? null : v.exit().wire());
        b.append(",\"reason\":");
        Json.string(b, v.reason() == null ? null : v.reason().wire());
        b.append(",\"stack\":");
        stack(b, v.stack());
        b.append(",\"explanation\":");
        Json.string(b, v.explanation());
        b.append(",\"idle\":");
        if (v.idle() == null) {
            b.append("null");
        } else {
            Durations.appendSeconds(b, v.idle());
        }
        return b.append('}');
    }

    /** An endpoint's text never needs escaping: digits, dots, colons, brackets. */
    private static void endpoint(StringBuilder b, Endpoint e) {
        if (e == null) {
            b.append("null");
        } else {
            e.appendTo(b.append('"')).append('"');
        }
    }

    private static void stack(StringBuilder b, List<String> frames) {
        if (frames == null) {
            b.append("null");
            return;
        }
        b.append('[');
        for (int i = 0; i < frames.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Json.string(b, frames.get(i));
        }
        b.append(']');
    }
}
