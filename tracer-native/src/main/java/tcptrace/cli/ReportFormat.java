package tcptrace.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tcptrace.InputException;
import tcptrace.capture.CaptureSet;
import tcptrace.postmortem.ReportNeeds;
import tcptrace.report.HtmlReport;
import tcptrace.report.JfrReport;
import tcptrace.report.JsonLinesReport;
import tcptrace.report.PcapngReport;
import tcptrace.report.Report;
import tcptrace.report.SegmentLog;
import tcptrace.report.TextReport;

/** The formats of {@code --format}: text and json print (or go to {@code -o}); the others are files. */
enum ReportFormat {
    text, json, html, jfr, pcapng;

    /** What a report may need besides the verdicts. */
    record Target(PrintWriter stdout, Path output, CaptureSet capture, List<Path> appRecordings, SegmentLog segments) {
    }

    /**
     * What the report needs of the run: html and pcapng show a verdict's evidence, only the timeline draws every
     * segment, and text and json print each verdict as it comes where the others write a file from all of them.
     */
    ReportNeeds needs() {
        return new ReportNeeds(this == html || this == pcapng, this == html, this != text && this != json);
    }

    Report open(Target t) throws InputException {
        if (this == text || this == json) {
            // not the stdout writer itself: it flushes every line, and a large report has millions; the buffer also
            // spares the encoder a copy of each line
            PrintWriter out = new PrintWriter(new BufferedWriter(t.output() == null ? t.stdout() : writer(t.output()),
                    1 << 16));
            return this == json ? new JsonLinesReport(out, false) : new TextReport(out, false);
        }
        if (t.output() == null) {
            throw new InputException("--format " + this + " writes a file: give it with -o FILE");
        }
        return switch (this) {
            case html -> new HtmlReport(t.output(), t.segments());
            case jfr -> new JfrReport(t.output(), t.appRecordings());
            default -> new PcapngReport(t.capture(), t.output());
        };
    }

    static PrintWriter writer(Path file) throws InputException {
        try {
            return new PrintWriter(new Utf8Writer(Files.newOutputStream(file)));
        } catch (IOException e) {
            throw new InputException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
