package tcptrace.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import tcptrace.InputException;
import tcptrace.correlate.AppEvent;
import tcptrace.correlate.TracedJvm;
import tcptrace.journal.JournalException;

/**
 * The evidence of several JVMs as one stream in time order: each JVM's records are in time order, so a merge of
 * their heads is, and it holds one batch per JVM.
 */
public final class MergedEvidence implements EvidenceStream {
    private final List<EvidenceStream> parts;
    private final PriorityQueue<EvidenceStream> heads = new PriorityQueue<>(
            Comparator.comparingLong(EvidenceStream::nextNanos));

    private MergedEvidence(List<EvidenceStream> parts) {
        this.parts = List.copyOf(parts);
        for (EvidenceStream p : parts) {
            if (p.nextNanos() != Long.MAX_VALUE) {
                heads.add(p);
            }
        }
    }

    /**
     * Opens every journal (one JVM each: a file names its JVM, whose other segments are found beside it; the same JVM
     * named twice is read once) and every JFR recording (read whole: the JDK's reader gives its events by chunk,
     * not by time).
     */
    public static MergedEvidence open(List<Path> journals, List<Path> jfrs) throws InputException {
        List<EvidenceStream> parts = new ArrayList<>();
        try {
            List<String> seen = new ArrayList<>();
            for (Path f : journals) {
                JournalStream j = JournalStream.open(f);
                String jvm = j.identity();
                if (seen.contains(jvm)) {
                    j.close();
                    continue;
                }
                seen.add(jvm);
                parts.add(j);
            }
            for (Path f : jfrs) {
                parts.add(RecordedEvidence.of(JfrEvidence.read(f)));
            }
        } catch (JournalException e) {
            parts.forEach(EvidenceStream::close);
            throw new InputException(e.getMessage(), e);
        } catch (InputException | RuntimeException e) {
            parts.forEach(EvidenceStream::close);
            throw e;
        }
        return new MergedEvidence(parts);
    }

    @Override
    public long nextNanos() {
        EvidenceStream head = heads.peek();
        return head == null ? Long.MAX_VALUE : head.nextNanos();
    }

    @Override
    public AppEvent next() {
        EvidenceStream head = heads.poll();
        AppEvent e = head.next();
        if (head.nextNanos() != Long.MAX_VALUE) {
            heads.add(head);
        }
        return e;
    }

    @Override
    public List<TracedJvm> jvms() {
        List<TracedJvm> all = new ArrayList<>();
        parts.forEach(p -> all.addAll(p.jvms()));
        return all;
    }

    @Override
    public List<String> damages() {
        List<String> all = new ArrayList<>();
        parts.forEach(p -> all.addAll(p.damages()));
        return all;
    }

    @Override
    public List<String> notes() {
        List<String> all = new ArrayList<>();
        parts.forEach(p -> all.addAll(p.notes()));
        return all;
    }

    @Override
    public void close() {
        parts.forEach(EvidenceStream::close);
    }
}
