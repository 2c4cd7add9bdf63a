package tcptrace.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import tcptrace.correlate.Verdict;

/**
 * The verdicts as {@code tcptrace.Verdict} events in a JFR file, with the tcptrace events of the application's own
 * recordings copied in (see {@link JfrEventCopier} for why they are copied, not appended), so that Mission Control
 * shows the verdicts beside the socket events that explain them. Written when the summary arrives.
 */
public final class JfrReport implements Report {
    private final Path file;
    private final List<Path> appRecordings;
    private final List<Verdict> verdicts = new ArrayList<>();

    /**
     * @param file          where to write
     * @param appRecordings JFR files of the traced JVMs, whose tcptrace events are copied in
     */
    public JfrReport(Path file, List<Path> appRecordings) {
        this.file = file;
        this.appRecordings = List.copyOf(appRecordings);
    }

    @Override
    public synchronized void verdict(Verdict v) {
        verdicts.add(v);
    }

    @Override
    public synchronized void summary(Summary s) {
        try {
            record(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    private void record(Path out) throws IOException {
        try (Recording recording = new Recording()) {
            recording.enable(VerdictEvent.class);
            recording.start();
            JfrEventCopier copier = new JfrEventCopier(recording);
            for (Path app : appRecordings) {
                copier.copy(app);
            }
            for (Verdict v : verdicts) {
                event(v).commit();
            }
            recording.stop();
            recording.dump(out);
        }
    }

    private static VerdictEvent event(Verdict v) {
        VerdictEvent e = new VerdictEvent();
        e.time = Math.floorDiv(v.timeNanos(), 1_000_000L);
        e.wallClockNanos = v.timeNanos();
        e.src = String.valueOf(v.src());
        e.dst = String.valueOf(v.dst());
        e.verdict = v.verdict().name();
        e.packet = v.packet() == null ? null : v.packet().wire();
        e.reason = v.reason() == null ? null : v.reason().wire();
        e.exit = v.exit() == null ? null : v.exit().wire();
        e.pid = v.pid() == null ? -1 : v.pid();
        e.thread = v.thread();
        e.explanation = v.explanation();
        e.idle = v.idle() == null ? Long.MIN_VALUE : v.idle().toMillis(); // JFR shows MIN_VALUE as N/A
        e.stack = v.stack() == null ? null : String.join("\n", v.stack());
        return e;
    }

    @Override
    public void close() {
    }
}
