package tcptrace.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tcptrace.correlate.Verdict;

/**
 * One self-contained HTML file: a sortable, filterable, paged table of the connections and, for the one clicked, a
 * sequence diagram of its end. The data is embedded as JSON and drawn by the page's own script, so a capture with
 * many thousands of connections loads at once and draws only what is opened. Written when the summary arrives.
 */
public final class HtmlReport implements Report {
    private static final String TEMPLATE = "timeline.html";
    private static final String DATA_SLOT = "@@DATA@@";

    private final Path file;
    private final SegmentLog segments;
    private final List<Verdict> verdicts = new ArrayList<>();

    /**
     * @param file     where to write
     * @param segments the segments of each connection, fed by the caller as it reads them
     */
    public HtmlReport(Path file, SegmentLog segments) {
        this.file = file;
        this.segments = segments;
    }

    @Override
    public synchronized void verdict(Verdict v) {
        verdicts.add(v);
    }

    @Override
    public synchronized void summary(Summary s) {
        try {
            Files.writeString(file, page(verdicts, s, segments), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
    }

    static String page(List<Verdict> verdicts, Summary s, SegmentLog segments) {
        String template = template();
        int slot = template.indexOf(DATA_SLOT);
        return template.substring(0, slot) + TimelineJson.of(verdicts, s, segments) + template.substring(slot + DATA_SLOT.length());
    }

    private static String template() {
        try (InputStream in = HtmlReport.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the tracer's classes");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
