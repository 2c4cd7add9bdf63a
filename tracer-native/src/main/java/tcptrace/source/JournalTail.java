package tcptrace.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import tcptrace.correlate.AppEvent;
import tcptrace.correlate.TracedJvm;
import tcptrace.journal.JournalEntry;
import tcptrace.journal.JournalException;
import tcptrace.journal.JournalFormat;
import tcptrace.journal.JvmJournal;
import tcptrace.journal.SegmentCursor;
import tcptrace.journal.SegmentHeader;

/**
 * Follows a journal directory during a live capture: each call to {@link #poll} reads what the traced JVMs
 * appended since the last call, and picks up JVMs (and new segments of a rotating journal) as their files appear.
 * Journals of JVMs that were gone before the tail started are not read: they belong to the past, not to this capture.
 * A file that is no journal this tail may read (another owner, a symbolic link, another format version, a corrupt
 * header) is refused once and counted with the damages; only a header that its live writer is still putting down is
 * tried again.
 */
public final class JournalTail {
    /** How a tail tells its owner about a JVM it starts to follow. */
    public interface Listener {
        /** A JVM to follow; {@code alive} is false for one that started during the tail and is already gone. */
        void newJvm(TracedJvm jvm, boolean alive);

        void event(AppEvent e);

        /** A journal the tail will not read, said once, as one line naming the file and why. */
        default void refused(String why) {
        }
    }

    /** A followed JVM and its segments by generation: records are delivered in the order they were written. */
    private record Followed(TracedJvm jvm, SegmentHeader first, TreeMap<Long, SegmentCursor> cursors) {
    }

    private final Path dir;
    private final long onlyPid;
    private final long sinceMillis;
    private final Listener listener;
    private final Map<String, Followed> jvms = new HashMap<>();
    private final List<String> damages = new ArrayList<>();
    private final Set<Path> ignored = new HashSet<>();
    private final Set<Path> followedFiles = new HashSet<>();
    private final Set<Path> refused = new HashSet<>();

    /**
     * @param onlyPid     follow this pid only, or -1 for every JVM in the directory
     * @param sinceMillis when the tail starts (epoch ms): a JVM already gone is still read if it started after this
     */
    public JournalTail(Path dir, long onlyPid, long sinceMillis, Listener listener) {
        this.dir = dir;
        this.onlyPid = onlyPid;
        this.sinceMillis = sinceMillis;
        this.listener = listener;
    }

    /** Reads what is new; synchronized because the process watch drains a JVM from its own thread. */
    public synchronized void poll() throws JournalException {
        if (!Files.isDirectory(dir)) {
            return; // no JVM has started with this directory yet
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> JournalFormat.pidOf(p) >= 0 && JournalFormat.isCurrentName(p)
                    && !ignored.contains(p)).sorted().toList();
        } catch (IOException e) {
            throw new JournalException("cannot list journal directory " + dir + " (" + e.getMessage() + ")", e);
        }
        refused.retainAll(new HashSet<>(files)); // a name that went away may come back as another JVM's journal
        for (Path f : files) {
            if ((onlyPid < 0 || JournalFormat.pidOf(f) == onlyPid) && !known(f) && !refused.contains(f)) {
                adopt(f);
            }
        }
        for (Followed j : jvms.values()) {
            read(j);
        }
    }

    /**
     * Reads the rest of a JVM's journal once its process is gone: nothing more can come, so torn means torn. A JVM
     * whose EXIT record found no room (a full disk) still says in its header that it shut down in order.
     */
    public synchronized void drain(long pid) {
        for (Followed j : jvms.values()) {
            if (j.jvm().pid() == pid) {
                read(j, false);
                if (j.jvm().exitRecordNanos() == 0
                        && j.cursors().values().stream().anyMatch(SegmentCursor::exitedWithoutRecord)) {
                    j.jvm().exitedUnrecorded();
                }
            }
        }
    }

    /** Damaged places, refused journals and the records each followed JVM's agent dropped so far. */
    public synchronized List<String> damages() {
        List<String> all = new ArrayList<>(damages);
        for (Followed j : jvms.values()) {
            long dropped = j.cursors().values().stream().mapToLong(SegmentCursor::droppedRecords).max().orElse(0);
            if (dropped > 0) {
                // named by its oldest segment followed: the standby segment may have been found first
                all.add(JournalLoss.dropped(j.cursors().firstEntry().getValue().header().file(), j.jvm().pid(),
                        dropped));
            }
        }
        return List.copyOf(all);
    }

    /** Records the followed JVMs' agents dropped so far for want of journal room. */
    public synchronized long droppedRecords() {
        long dropped = 0;
        for (Followed j : jvms.values()) {
            dropped += j.cursors().values().stream().mapToLong(SegmentCursor::droppedRecords).max().orElse(0);
        }
        return dropped;
    }

    public synchronized List<TracedJvm> jvms() {
        return jvms.values().stream().map(Followed::jvm).toList();
    }

    private boolean known(Path f) {
        return followedFiles.contains(f);
    }

    private void adopt(Path f) {
        if (Files.isSymbolicLink(f)) {
            refuse(f, f + ": is a symbolic link; refusing it");
            return;
        }
        SegmentCursor c;
        try {
            c = SegmentCursor.open(f);
        } catch (JournalException e) {
            if (UnfinishedHeader.stillBeingWritten(f)) {
                return; // its writer is still putting the header down: try again at the next poll
            }
            try {
                c = SegmentCursor.open(f); // the writer may have finished the header between the two looks
            } catch (JournalException refused) {
                refuse(f, refused.getMessage());
                return;
            }
        }
        SegmentHeader h = c.header();
        String key = h.pid() + "@" + h.jvmStartMillis();
        Followed j = jvms.get(key);
        boolean created = j == null;
        if (created) {
            boolean alive = JvmJournal.liveness(h) == JvmJournal.Status.ALIVE;
            if (!alive && h.jvmStartMillis() < sinceMillis) {
                ignored.add(f);
                return;
            }
            j = new Followed(new TracedJvm(h.pid(), f.getFileName().toString(), TracedJvm.State.RUNNING), h,
                    new TreeMap<>());
            jvms.put(key, j);
        }
        j.cursors().put(h.generation(), c);
        followedFiles.add(f);
        if (created) {
            listener.newJvm(j.jvm(), JvmJournal.liveness(h) == JvmJournal.Status.ALIVE);
        }
    }

    private void refuse(Path f, String why) {
        refused.add(f);
        String line = JournalLoss.refused(why);
        damages.add(line);
        listener.refused(line);
    }

    private void read(Followed j) {
        read(j, JvmJournal.liveness(j.first()) == JvmJournal.Status.ALIVE);
    }

    private void read(Followed j, boolean writerAlive) {
        for (SegmentCursor c : j.cursors().values()) {
            int before = c.damages().size();
            c.poll(writerAlive, entry -> deliver(j.jvm(), entry));
            c.damages().subList(before, c.damages().size()).forEach(d -> damages.add(d.toString()));
        }
        forgetRecycled(j);
    }

    /**
     * Lets go of older segments the writer's ring has deleted, once read: their mappings would otherwise keep the
     * disk space of every recycled segment until the tracer exits.
     */
    private void forgetRecycled(Followed j) {
        var older = j.cursors().headMap(j.cursors().lastKey()).entrySet().iterator();
        while (older.hasNext()) {
            Path file = older.next().getValue().header().file();
            if (!Files.exists(file)) {
                older.remove();
                followedFiles.remove(file); // the name is free again, e.g. for a later JVM with this pid
            }
        }
    }

    private void deliver(TracedJvm jvm, JournalEntry entry) {
        if (entry instanceof JournalEntry.Event e) {
            listener.event(new AppEvent(jvm, e.event()));
        } else if (entry instanceof JournalEntry.Exit x) {
            jvm.exitRecord(x.epochNanos());
        }
    }
}
