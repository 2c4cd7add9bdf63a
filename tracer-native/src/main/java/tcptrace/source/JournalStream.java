package tcptrace.source;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import tcptrace.correlate.AppEvent;
import tcptrace.correlate.TracedJvm;
import tcptrace.journal.BootId;
import tcptrace.journal.Damage;
import tcptrace.journal.JournalEntry;
import tcptrace.journal.JournalException;
import tcptrace.journal.JvmJournal;
import tcptrace.journal.SegmentCursor;
import tcptrace.journal.SegmentHeader;

/**
 * One finished JVM's journal, all its segments in generation order, read a batch of records at a time through a
 * small window (no mapping: its pages would stay resident). What became of the JVM — the EXIT record, the time of
 * its newest event — is read from the end of the last segment first, without decoding the events, so that a rule
 * deciding an early packet knows the JVM's fate as the whole journal tells it.
 */
final class JournalStream implements EvidenceStream {
    /** Records decoded per read: enough to amortise a read, few enough to hold nothing of note. */
    private static final int BATCH = 256;

    private final TracedJvm jvm;
    private final boolean writerAlive;
    private final List<SegmentHeader> segments;
    private final List<String> damages = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final ArrayDeque<AppEvent> batch = new ArrayDeque<>();
    private int nextSegment;
    private SegmentCursor cursor;

    private JournalStream(TracedJvm jvm, boolean writerAlive, List<SegmentHeader> segments) {
        this.jvm = jvm;
        this.writerAlive = writerAlive;
        this.segments = segments;
    }

    /** Opens the journal of the JVM that wrote {@code anySegment}; its other segments are found beside it. */
    static JournalStream open(Path anySegment) throws JournalException {
        List<SegmentHeader> segments = JvmJournal.segmentsOf(anySegment);
        SegmentHeader first = segments.get(0);
        JvmJournal.Status liveness = JvmJournal.liveness(first);
        SegmentCursor.Ending ending = newestEnding(segments);
        boolean exitedUnrecorded = ending.exit() == null
                && segments.stream().anyMatch(SegmentHeader::exitedWithoutRecord);
        TracedJvm jvm = new TracedJvm(first.pid(), anySegment.getFileName().toString(),
                liveness == JvmJournal.Status.ALIVE ? TracedJvm.State.RUNNING
                        : ending.exit() != null || exitedUnrecorded ? TracedJvm.State.EXITED : TracedJvm.State.KILLED);
        if (ending.exit() != null) {
            jvm.exitRecord(ending.exit().epochNanos());
        }
        if (exitedUnrecorded) {
            jvm.exitedUnrecorded();
        }
        jvm.sawEvent(ending.lastEventNanos());
        JournalStream s = new JournalStream(jvm, liveness == JvmJournal.Status.ALIVE, segments);
        s.noteHeaders(anySegment, first);
        return s;
    }

    /**
     * The end of the newest segment that holds anything: the newest one may be the standby the writer had ready,
     * with no record in it.
     */
    private static SegmentCursor.Ending newestEnding(List<SegmentHeader> segments) throws JournalException {
        SegmentCursor.Ending ending = new SegmentCursor.Ending(null, 0);
        for (int i = segments.size() - 1; i >= 0 && ending.exit() == null && ending.lastEventNanos() == 0; i--) {
            try (SegmentCursor c = SegmentCursor.read(segments.get(i).file())) {
                ending = c.ending();
            }
        }
        return ending;
    }

    private void noteHeaders(Path file, SegmentHeader first) {
        long dropped = segments.stream().mapToLong(SegmentHeader::droppedRecords).max().orElse(0);
        if (!first.bootId().equals(BootId.current())) {
            notes.add(file + ": written during an earlier boot (boot id " + first.bootId() + "); pid " + first.pid()
                    + " is long gone, and whether it exited in order comes from the journal alone");
        }
        if (dropped > 0) {
            damages.add(JournalLoss.dropped(file, first.pid(), dropped));
        }
        if (segments.stream().anyMatch(SegmentHeader::attached)) {
            notes.add(file + ": the agent was attached to pid " + first.pid() + " while it ran; connections opened "
                    + "before that lack their start");
        }
    }

    /** Which JVM run this is: the same one named by two of its segments is read once. */
    String identity() {
        SegmentHeader h = segments.get(0);
        return h.pid() + "@" + h.jvmStartMillis() + "@" + h.bootId();
    }

    @Override
    public long nextNanos() {
        fill();
        return batch.isEmpty() ? Long.MAX_VALUE : batch.peekFirst().event().epochNanos();
    }

    @Override
    public AppEvent next() {
        fill();
        return batch.pollFirst();
    }

    private void fill() {
        while (batch.isEmpty()) {
            if (cursor == null) {
                if (nextSegment == segments.size()) {
                    return;
                }
                try {
                    cursor = SegmentCursor.read(segments.get(nextSegment++).file());
                } catch (JournalException gone) {
                    damages.add(gone.getMessage() + " (its records are lost; reading went on with the next segment)");
                    continue;
                }
            }
            // once the JVM is gone, an unfinished record is torn; while it runs, it is the end for now
            int read = cursor.poll(writerAlive, BATCH, entry -> {
                if (entry instanceof JournalEntry.Event ev) {
                    batch.addLast(new AppEvent(jvm, ev.event()));
                }
            });
            if (read == 0) {
                for (Damage d : cursor.damages()) {
                    damages.add(d + " (records there are lost; reading went on after it where it could)");
                }
                cursor.close();
                cursor = null;
            }
        }
    }

    @Override
    public List<TracedJvm> jvms() {
        return List.of(jvm);
    }

    @Override
    public List<String> damages() {
        return List.copyOf(damages);
    }

    @Override
    public List<String> notes() {
        return List.copyOf(notes);
    }

    @Override
    public void close() {
        if (cursor != null) {
            cursor.close();
            cursor = null;
        }
        batch.clear();
    }
}
