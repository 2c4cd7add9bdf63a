package tcptrace.report;

import java.io.PrintWriter;
import java.util.List;
import tcptrace.correlate.Verdict;

/** One JSON object per verdict per line, with exactly the keys of the record contract, in its order. */
public final class JsonLinesReport implements Report {
    private final PrintWriter out;
    private final boolean flushEachVerdict;

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
        out.println(toJson(v));
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
        StringBuilder b = new StringBuilder(512); // a record without a stack is about 300 characters
        b.append("{\"verdict\":");
        Json.string(b, v.verdict().name());
        b.append(",\"src\":");
        Json.string(b, v.src() == null ? null : EndpointText.of(v.src()));
        b.append(",\"dst\":");
        Json.string(b, v.dst() == null ? null : EndpointText.of(v.dst()));
        b.append(",\"packet\":");
        Json.string(b, v.packet());
        b.append(",\"time\":");
        Json.string(b, Timestamps.iso(v.timeNanos()));
        b.append(",\"pid\":").append(v.pid() == null ? "null" : v.pid().toString());
        b.append(",\"thread\":");
        Json.string(b, v.thread());
        b.append(",\"exit\":");
        Json.string(b, v.exit());
        b.append(",\"reason\":");
        Json.string(b, v.reason());
        b.append(",\"stack\":");
        stack(b, v.stack());
        b.append(",\"explanation\":");
        Json.string(b, v.explanation());
        return b.append('}').toString();
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
