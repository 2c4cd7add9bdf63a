package tcptrace.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tcptrace.correlate.AppEvent;
import tcptrace.correlate.TracedJvm;

/** Evidence read whole (a JFR recording), handed out in time order. */
final class RecordedEvidence implements EvidenceStream {
    private final AppEvidence evidence;
    private final List<AppEvent> events;
    private int next;

    private RecordedEvidence(AppEvidence evidence) {
        this.evidence = evidence;
        List<AppEvent> sorted = new ArrayList<>(evidence.events());
        sorted.sort(Comparator.comparingLong(e -> e.event().epochNanos()));
        this.events = sorted;
        // the rules ask a JVM for its newest event: that of the whole recording, as when all of it was read first
        sorted.forEach(e -> e.jvm().sawEvent(e.event().epochNanos()));
    }

    static RecordedEvidence of(AppEvidence evidence) {
        return new RecordedEvidence(evidence);
    }

    @Override
    public long nextNanos() {
        return next < events.size() ? events.get(next).event().epochNanos() : Long.MAX_VALUE;
    }

    @Override
    public AppEvent next() {
        AppEvent e = events.get(next);
        events.set(next++, null); // handed on: the correlator keeps what it needs
        return e;
    }

    @Override
    public List<TracedJvm> jvms() {
        return evidence.jvms();
    }

    @Override
    public List<String> damages() {
        return evidence.damages();
    }

    @Override
    public List<String> notes() {
        return evidence.notes();
    }

    @Override
    public void close() {
        events.clear();
        next = 0;
    }
}
