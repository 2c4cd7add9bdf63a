package tcptrace.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything one traced JVM left in a journal directory: its segments in order, their records, the damage met,
 * and what became of the process.
 */
public record JvmJournal(long pid, long jvmStartMillis, List<SegmentHeader> segments, List<JournalEntry> entries,
                         List<Damage> damages, long droppedRecords, Status status) {

    public enum Status {
        /** The process still runs. */
        ALIVE,
        /** It ended through an orderly shutdown: the EXIT record is there (or, when it found no room, the flag). */
        EXITED,
        /** It is gone without an EXIT record: SIGKILL, a crash, a power cut. */
        KILLED
    }

    /** The EXIT record, if the JVM shut down in order. */
    public Optional<JournalEntry.Exit> exit() {
        return entries.stream().filter(JournalEntry.Exit.class::isInstance).map(JournalEntry.Exit.class::cast)
                .reduce((a, b) -> b);
    }

    /**
     * Whether a header says the JVM shut down in order though its EXIT record found no room; said even while the
     * process is still ending.
     */
    public boolean exitedWithoutRecord() {
        return exit().isEmpty() && segments.stream().anyMatch(SegmentHeader::exitedWithoutRecord);
    }

    public boolean attached() {
        return segments.stream().anyMatch(SegmentHeader::attached);
    }

    /** Reads one JVM's segments, given any one of them (the others are found beside it). */
    public static JvmJournal read(Path anySegment) throws JournalException {
        List<SegmentHeader> segments = segmentsOf(anySegment);
        SegmentHeader first = segments.get(0);
        TreeMap<Long, SegmentCursor> byGeneration = new TreeMap<>();
        for (SegmentHeader h : segments) {
            byGeneration.put(h.generation(), SegmentCursor.open(h.file()));
        }
        Status status = liveness(first);
        List<JournalEntry> entries = new ArrayList<>();
        List<Damage> damages = new ArrayList<>();
        List<SegmentHeader> headers = new ArrayList<>();
        long dropped = 0;
        for (SegmentCursor c : byGeneration.values()) {
            c.poll(status == Status.ALIVE, entries::add);
            damages.addAll(c.damages());
            headers.add(c.header());
            dropped = Math.max(dropped, c.header().droppedRecords());
        }
        boolean exited = entries.stream().anyMatch(JournalEntry.Exit.class::isInstance)
                || headers.stream().anyMatch(SegmentHeader::exitedWithoutRecord);
        if (status != Status.ALIVE) {
            status = exited ? Status.EXITED : Status.KILLED;
        }
        return new JvmJournal(first.pid(), first.jvmStartMillis(), List.copyOf(headers), List.copyOf(entries),
                List.copyOf(damages), dropped, status);
    }

    /**
     * The segments of the JVM that wrote {@code anySegment}, oldest generation first, found beside it: same pid, JVM
     * start and boot. The first names the JVM (see {@link #firstHeader}); an unreadable sibling is left out.
     */
    public static List<SegmentHeader> segmentsOf(Path anySegment) throws JournalException {
        long pid = JournalFormat.pidOf(anySegment);
        List<Path> files = new ArrayList<>();
        if (pid >= 0) {
            try (Stream<Path> siblings = Files.list(anySegment.toAbsolutePath().getParent())) {
                siblings.filter(p -> !Files.isSymbolicLink(p) && JournalFormat.pidOf(p) == pid).forEach(files::add);
            } catch (IOException e) {
                throw new JournalException(anySegment + ": cannot list its directory (" + e.getMessage() + ")", e);
            }
        }
        SegmentHeader first = firstHeader(anySegment, files);
        TreeMap<Long, SegmentHeader> byGeneration = new TreeMap<>();
        for (Path f : files) {
            SegmentHeader h;
            try {
                h = SegmentHeader.read(f);
            } catch (JournalException unreadable) {
                continue; // a sibling of another JVM run, or a damaged one: the named file decides below
            }
            if (h.pid() == first.pid() && h.jvmStartMillis() == first.jvmStartMillis()
                    && h.bootId().equals(first.bootId())) {
                byGeneration.put(h.generation(), h);
            }
        }
        if (byGeneration.isEmpty()) {
            SegmentHeader named = SegmentHeader.read(anySegment);
            byGeneration.put(named.generation(), named);
        }
        return List.copyOf(byGeneration.values());
    }

    /**
     * The header that names the JVM: the given file's, or — when the ring has recycled that segment — the header of
     * the oldest remaining segment of the current JVM with that pid.
     */
    private static SegmentHeader firstHeader(Path named, List<Path> siblings) throws JournalException {
        if (Files.exists(named) || siblings.isEmpty()) {
            return SegmentHeader.read(named);
        }
        SegmentHeader oldest = null;
        for (Path p : siblings) {
            if (!JournalFormat.isCurrentName(p)) {
                continue;
            }
            try {
                SegmentHeader h = SegmentHeader.read(p);
                if (oldest == null || h.generation() < oldest.generation()) {
                    oldest = h;
                }
            } catch (JournalException unreadable) {
                // a damaged one, or one an agent of an earlier build is creating; the others name the JVM
            }
        }
        if (oldest == null) {
            return SegmentHeader.read(named);
        }
        return oldest;
    }

    /** Every JVM with a journal in {@code dir}, oldest first. */
    public static List<JvmJournal> list(Path dir) throws JournalException {
        List<JvmJournal> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> firsts = files.filter(p -> JournalFormat.pidOf(p) >= 0 && !Files.isSymbolicLink(p))
                    .sorted().toList();
            List<String> seen = new ArrayList<>();
            for (Path f : firsts) {
                SegmentHeader h;
                try {
                    h = SegmentHeader.read(f);
                } catch (JournalException unreadable) {
                    continue;
                }
                String key = h.pid() + "@" + h.jvmStartMillis();
                if (!seen.contains(key)) {
                    seen.add(key);
                    out.add(read(f));
                }
            }
        } catch (IOException e) {
            throw new JournalException("cannot list journal directory " + dir + " (" + e.getMessage() + ")", e);
        }
        out.sort(Comparator.comparingLong(JvmJournal::jvmStartMillis));
        return out;
    }

    /** Whether the JVM that wrote {@code h} still runs: same boot, same pid, same start time. */
    public static Status liveness(SegmentHeader h) {
        if (!h.bootId().equals(BootId.current())) {
            return Status.KILLED;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(h.pid());
        if (p.isEmpty() || !p.get().isAlive()) {
            return Status.KILLED;
        }
        Optional<Instant> start = p.get().info().startInstant();
        // /proc start times are in clock ticks: allow for their rounding
        boolean same = start.isEmpty() || Math.abs(start.get().toEpochMilli() - h.jvmStartMillis()) < 2_000;
        return same ? Status.ALIVE : Status.KILLED;
    }
}
