package tcptrace.cli;

import java.io.PrintWriter;
import tcptrace.report.JsonLinesReport;
import tcptrace.report.Report;
import tcptrace.report.TextReport;

/** The formats of {@code --format}. */
enum ReportFormat {
    text, json;

    Report open(PrintWriter out) {
        return this == json ? new JsonLinesReport(out) : new TextReport(out);
    }
}
