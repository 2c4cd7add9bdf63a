package tcptrace.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 *
 * <p>Only a journal already there at the tail's first look can belong to the past: one whose JVM is gone and started
 * well before the tail ({@link #PAST_MARGIN_MILLIS}) is not read. A journal that appears later is read from its
 * start, however old its JVM (an agent attached to a JVM of last week). A JVM is announced once every segment of it
 * that is there reads, so that one drained at once (it is already gone) is drained whole; a dead writer's segments
 * are read to their end once and then let be. A name a dead JVM leaves is watched for a new file under it: a later
 * JVM with the same pid writes its journal there once the old one is set aside.
 *
 * <p>A file that is no journal this tail may read (another owner, a symbolic link, another format version, a corrupt
 * header) is refused once and counted with the damages; only a header that its live writer is still putting down
 * ({@link SegmentLook.Unfinished}) is tried again.
 */
public final class JournalTail {
    /**
     * How long before the tail's start a JVM gone at the first look must have started to be called the past: start
     * times come from /proc in clock ticks counted from a boot time in whole seconds.
     */
    static final long PAST_MARGIN_MILLIS = 2_000;

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
    private static final class Followed {
        final TracedJvm jvm;
        final SegmentHeader first;
        final TreeMap<Long, SegmentCursor> cursors = new TreeMap<>();
        /** Its writer is gone and every segment was read to its end: nothing more can come. */
        boolean finished;

        Followed(TracedJvm jvm, SegmentHeader first) {
            this.jvm = jvm;
            this.first = first;
        }
    }

    private final Path dir;
    private final long onlyPid;
    private final long sinceMillis;
    private final Listener listener;
    private final Map<String, Followed> jvms = new HashMap<>();
    private final List<String> damages = new ArrayList<>();
    /** Files of followed JVMs whose writers may still append, and the identity each had when found. */
    private final Map<Path, Object> followedFiles = new HashMap<>();
    /**
     * Files that are not to be looked at again while they stay the same file: refused ones, those of the past and
     * those of finished JVMs. A new file under the name (another JVM's) is looked at.
     */
    private final Map<Path, Object> settled = new HashMap<>();
    private boolean looked;

    /**
     * @param onlyPid     follow this pid only, or -1 for every JVM in the directory
     * @param sinceMillis when the tail starts (epoch ms): a JVM gone at the first look is still read if it started
     *                    after this, less {@link #PAST_MARGIN_MILLIS}
     */
    public JournalTail(Path dir, long onlyPid, long sinceMillis, Listener listener) {
        this.dir = dir;
        this.onlyPid = onlyPid;
        this.sinceMillis = sinceMillis;
        this.listener = listener;
    }

    /** Reads what is new; synchronized because the process watch drains a JVM from its own thread. */
    public synchronized void poll() throws JournalException {
        boolean firstLook = !looked;
        looked = true;
        if (!Files.isDirectory(dir)) {
            return; // no JVM has started with this directory yet
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> JournalFormat.pidOf(p) >= 0 && JournalFormat.isCurrentName(p)
                    && (onlyPid < 0 || JournalFormat.pidOf(p) == onlyPid)).sorted().toList();
        } catch (IOException e) {
            throw new JournalException("cannot list journal directory " + dir + " (" + e.getMessage() + ")", e);
        }
        settled.keySet().retainAll(new HashSet<>(files)); // a name that went away may come back as another JVM's
        discover(files, firstLook);
        for (Followed j : List.copyOf(jvms.values())) {
            read(j);
        }
    }

    /**
     * Looks at the files not followed yet, then takes up each new JVM with every segment of it that reads. One whose
     * header its live writer is still putting down (an agent of an earlier build: this one renames a segment into
     * place with its header complete) is a standby segment that holds no record yet: it joins its JVM, in generation
     * order, at a later poll, and a JVM is not kept waiting for it (capture --pid needs it now).
     */
    private void discover(List<Path> files, boolean firstLook) {
        Map<String, List<SegmentCursor>> ready = new LinkedHashMap<>();
        Map<Path, Object> identities = new HashMap<>();
        for (Path f : files) {
            if (followedFiles.containsKey(f)) {
                continue;
            }
            Object identity = identity(f);
            if (identity == null || identity.equals(settled.get(f))) {
                continue; // gone since the listing, or the same file as before
            }
            settled.remove(f);
            SegmentLook look = SegmentLook.at(f);
            if (look instanceof SegmentLook.Ready r) {
                SegmentHeader h = r.cursor().header();
                ready.computeIfAbsent(h.pid() + "@" + h.jvmStartMillis(), k -> new ArrayList<>()).add(r.cursor());
                identities.put(f, identity);
            } else if (look instanceof SegmentLook.Refused r) {
                refuse(f, identity, r.why());
            } // else unfinished: a standby segment its live writer is starting, taken up at a later poll
        }
        for (Map.Entry<String, List<SegmentCursor>> e : ready.entrySet()) {
            List<SegmentCursor> cursors = e.getValue();
            Followed j = jvms.get(e.getKey());
            if (j != null && !j.finished) {
                cursors.forEach(c -> follow(j, c, identities));
            } else if (j != null) {
                cursors.forEach(c -> settle(c, identities)); // no dead writer adds a segment
            } else {
                take(e.getKey(), cursors, identities, firstLook);
            }
        }
    }

    private void take(String key, List<SegmentCursor> cursors, Map<Path, Object> identities, boolean firstLook) {
        SegmentCursor oldest = cursors.stream().min(Comparator.comparingLong(c -> c.header().generation()))
                .orElseThrow();
        SegmentHeader h = oldest.header();
        boolean alive = JvmJournal.liveness(h) == JvmJournal.Status.ALIVE;
        if (firstLook && !alive && h.jvmStartMillis() < sinceMillis - PAST_MARGIN_MILLIS) {
            cursors.forEach(c -> settle(c, identities)); // the past: gone before this tail began
            return;
        }
        Followed j = new Followed(new TracedJvm(h.pid(), h.file().getFileName().toString(),
                TracedJvm.State.RUNNING), h);
        jvms.put(key, j);
        cursors.forEach(c -> follow(j, c, identities));
        listener.newJvm(j.jvm, alive);
    }

    private void follow(Followed j, SegmentCursor c, Map<Path, Object> identities) {
        j.cursors.put(c.header().generation(), c);
        followedFiles.put(c.header().file(), identities.get(c.header().file()));
    }

    private void settle(SegmentCursor c, Map<Path, Object> identities) {
        settled.put(c.header().file(), identities.get(c.header().file()));
    }

    /** What tells one file under a name from a later one under the same name, or null when it is gone. */
    private static Object identity(Path f) {
        try {
            return Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Reads the rest of a JVM's journal once its process is gone: nothing more can come, so torn means torn. A JVM
     * whose EXIT record found no room (a full disk) still says in its header that it shut down in order.
     */
    public synchronized void drain(long pid) {
        for (Followed j : List.copyOf(jvms.values())) {
            if (j.jvm.pid() == pid) {
                read(j, false);
            }
        }
    }

    /** Damaged places, refused journals and the records each followed JVM's agent dropped so far. */
    public synchronized List<String> damages() {
        List<String> all = new ArrayList<>(damages);
        for (Followed j : jvms.values()) {
            long dropped = j.cursors.values().stream().mapToLong(SegmentCursor::droppedRecords).max().orElse(0);
            if (dropped > 0) {
                // named by its oldest segment followed: the standby segment may have been found first
                all.add(JournalLoss.dropped(j.cursors.firstEntry().getValue().header().file(), j.jvm.pid(),
                        dropped));
            }
        }
        return List.copyOf(all);
    }

    /** Records the followed JVMs' agents dropped so far for want of journal room. */
    public synchronized long droppedRecords() {
        long dropped = 0;
        for (Followed j : jvms.values()) {
            dropped += j.cursors.values().stream().mapToLong(SegmentCursor::droppedRecords).max().orElse(0);
        }
        return dropped;
    }

    public synchronized List<TracedJvm> jvms() {
        return jvms.values().stream().map(j -> j.jvm).toList();
    }

    private void refuse(Path f, Object identity, String why) {
        settled.put(f, identity);
        String line = JournalLoss.refused(why);
        damages.add(line);
        listener.refused(line);
    }

    private void read(Followed j) {
        if (!j.finished) {
            read(j, JvmJournal.liveness(j.first) == JvmJournal.Status.ALIVE);
        }
    }

    /** Reads what is new; with the writer gone, to the end once, and the JVM is finished. */
    private void read(Followed j, boolean writerAlive) {
        if (!j.finished) {
            for (SegmentCursor c : j.cursors.values()) {
                int before = c.damages().size();
                c.poll(writerAlive, entry -> deliver(j.jvm, entry));
                c.damages().subList(before, c.damages().size()).forEach(d -> damages.add(d.toString()));
            }
            forgetRecycled(j);
            if (!writerAlive) {
                finish(j);
            }
        }
        if (j.jvm.exitRecordNanos() == 0 && j.cursors.values().stream().anyMatch(SegmentCursor::exitedWithoutRecord)) {
            j.jvm.exitedUnrecorded();
        }
    }

    /** Nothing more can come: its files are let be while they stay the same files. */
    private void finish(Followed j) {
        j.finished = true;
        for (SegmentCursor c : j.cursors.values()) {
            Path file = c.header().file();
            Object identity = followedFiles.remove(file);
            if (identity != null && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                settled.put(file, identity);
            }
        }
    }

    /**
     * Lets go of older segments the writer's ring has deleted, once read: their mappings would otherwise keep the
     * disk space of every recycled segment until the tracer exits.
     */
    private void forgetRecycled(Followed j) {
        var older = j.cursors.headMap(j.cursors.lastKey()).entrySet().iterator();
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
