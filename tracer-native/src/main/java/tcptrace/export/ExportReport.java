package tcptrace.export;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tcptrace.correlate.Verdict;
import tcptrace.report.Report;
import tcptrace.report.Summary;

/**
 * The exporters seen as one more report of the live session: each verdict goes to every exporter as it is decided;
 * when the capture ends they get {@link #FLUSH_MILLIS} to deliver what is queued (Ctrl-C ends within a second), and
 * a line after the summary says what reached them and what was dropped.
 */
final class ExportReport implements Report {
    static final long FLUSH_MILLIS = 300;

    private final List<VerdictExporter> exporters;
    private final PrintWriter out;
    private boolean closed;

    ExportReport(List<VerdictExporter> exporters, PrintWriter out) {
        this.exporters = List.copyOf(exporters);
        this.out = out;
    }

    @Override
    public void verdict(Verdict v) {
        for (VerdictExporter e : exporters) {
            e.verdict(v);
        }
    }

    @Override
    public void summary(Summary s) {
        finish();
    }

    @Override
    public void close() {
        finish();
    }

    private void finish() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS);
        for (VerdictExporter e : exporters) {
            e.close(deadline);
        }
        if (!exporters.isEmpty()) {
            StringBuilder line = new StringBuilder("export:");
            for (VerdictExporter e : exporters) {
                line.append(line.length() > "export:".length() ? ";" : "").append(' ').append(e.summary());
            }
            out.println(line);
            out.flush();
        }
    }
}
