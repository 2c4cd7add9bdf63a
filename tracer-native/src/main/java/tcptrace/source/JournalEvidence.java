package tcptrace.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tcptrace.correlate.AppEvent;
import tcptrace.correlate.TracedJvm;
import tcptrace.journal.BootId;
import tcptrace.journal.Damage;
import tcptrace.journal.JournalEntry;
import tcptrace.journal.JournalException;
import tcptrace.journal.JvmJournal;

/** Journals given as files, read whole for a post-mortem. */
public final class JournalEvidence {
    private JournalEvidence() {
    }

    /**
     * Reads each file's JVM (all its segments). A torn or damaged journal gives what is complete and lists where it
     * is damaged; a file that is no journal at all throws.
     */
    public static AppEvidence read(List<Path> files) throws JournalException {
        List<AppEvidence> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(read(f));
        }
        return AppEvidence.merge(parts);
    }

    public static AppEvidence read(Path file) throws JournalException {
        JvmJournal j = JvmJournal.read(file);
        TracedJvm jvm = toTracedJvm(j, file.getFileName().toString());
        List<AppEvent> events = new ArrayList<>();
        for (JournalEntry e : j.entries()) {
            if (e instanceof JournalEntry.Event ev) {
                events.add(new AppEvent(jvm, ev.event()));
            }
        }
        List<String> damages = new ArrayList<>();
        for (Damage d : j.damages()) {
            damages.add(d + " (records there are lost; reading went on after it where it could)");
        }
        if (j.droppedRecords() > 0) {
            damages.add(JournalLoss.dropped(file, j.pid(), j.droppedRecords()));
        }
        List<String> notes = new ArrayList<>();
        if (!j.segments().isEmpty() && !j.segments().get(0).bootId().equals(BootId.current())) {
            notes.add(file + ": written during an earlier boot (boot id " + j.segments().get(0).bootId()
                    + "); pid " + j.pid() + " is long gone, and whether it exited in order comes from the journal alone");
        }
        if (j.attached()) {
            notes.add(file + ": the agent was attached to pid " + j.pid() + " while it ran; connections opened before "
                    + "that lack their start");
        }
        return new AppEvidence(List.of(jvm), events, damages, notes);
    }

    static TracedJvm toTracedJvm(JvmJournal j, String origin) {
        TracedJvm jvm = new TracedJvm(j.pid(), origin, switch (j.status()) {
            case ALIVE -> TracedJvm.State.RUNNING;
            case EXITED -> TracedJvm.State.EXITED;
            case KILLED -> TracedJvm.State.KILLED;
        });
        j.exit().ifPresent(x -> jvm.exitRecord(x.epochNanos()));
        if (j.exitedWithoutRecord()) {
            jvm.exitedUnrecorded();
        }
        return jvm;
    }
}
