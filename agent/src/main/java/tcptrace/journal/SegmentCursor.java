package tcptrace.journal;

import static tcptrace.journal.JournalFormat.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import tcptrace.agent.stack.CapturedStack;

/**
 * Reads one segment from where it last stopped. Works on a live segment (another process appending) and on one
 * left by a dead process: the caller says which, since only then may an unfinished record be called torn.
 *
 * <p>A live segment is mapped ({@link #open}): the writer's commit marks must be seen as it publishes them. A
 * finished one read for a post-mortem ({@link #read}) goes through a small window of positional reads instead: the
 * pages of a mapping count in the reader's resident memory until it is unmapped, which Java leaves to the GC, and a
 * day of journals is gigabytes.
 */
public final class SegmentCursor implements AutoCloseable {
    private final SegmentHeader header;
    private final SegmentBytes map;
    private final int limit;
    private final List<Damage> damages = new ArrayList<>();
    /**
     * The STACK records read so far: events refer to them by id, within the segment. Kept as the events' own stack
     * type, so that the events of one stack share one object.
     */
    private final Map<Long, CapturedStack> stacks = new HashMap<>();
    private final LongFunction<List<String>> stackOfId = this::stack;
    private final DecodedValues values = new DecodedValues();
    private int position = HEADER_SIZE;
    private boolean sawExit;

    /**
     * Threads such as the Cleaner may still write while an orderly exit ends in the JVM's halt, which stops them
     * mid-record: a loss that only happens after the EXIT record, said as such.
     */
    public static final String TORN_BY_HALT = "torn record after the orderly exit (the JVM halted while a thread "
            + "was writing it)";

    private SegmentCursor(SegmentHeader header, SegmentBytes map) {
        this.header = header;
        this.map = map;
        this.limit = map.size();
    }

    /** Maps a segment, for following a writer that may still append. */
    public static SegmentCursor open(Path file) throws JournalException {
        SegmentHeader h = SegmentHeader.read(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = Math.min(h.capacity(), ch.size());
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            map.order(ORDER);
            return new SegmentCursor(h, new SegmentBytes.Mapped(map));
        } catch (IOException e) {
            throw new JournalException(file + ": cannot map journal (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Opens a segment for reading from start to end through a small window of positional reads, so that reading
     * it leaves none of its pages resident; {@link #close} it. For a segment whose writer may still append, use
     * {@link #open}: only a mapping shows its commit marks as they are published.
     */
    public static SegmentCursor read(Path file) throws JournalException {
        SegmentHeader h = SegmentHeader.read(file);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            return new SegmentCursor(h, new SegmentBytes.Read(ch, (int) Math.min(h.capacity(), ch.size())));
        } catch (IOException e) {
            closeQuietly(ch);
            throw new JournalException(file + ": cannot read journal (" + e.getMessage() + ")", e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // read-only: nothing is lost
            }
        }
    }

    /** Releases the file of a cursor made by {@link #read}; nothing for a mapped one (the GC unmaps it). */
    @Override
    public void close() {
        map.close();
    }

    public SegmentHeader header() {
        return header;
    }

    /**
     * Whether the writer has marked, since the header was read, that it shut down in order without room for its
     * EXIT record: the mapping shows the flag as the writer sets it.
     */
    public boolean exitedWithoutRecord() {
        return (map.intAcquire(H_FLAGS) & FLAG_EXITED) != 0;
    }

    /** Records the writer has dropped so far (the whole JVM's count), as the segment shows it now. */
    public long droppedRecords() {
        return map.longOpaque(H_DROPPED);
    }

    /** Offset of the next record to read. */
    public long position() {
        return position;
    }

    /** Damaged places stepped over so far. */
    public List<Damage> damages() {
        return List.copyOf(damages);
    }

    /**
     * Hands every complete record since the last call to {@code sink}, in file order.
     *
     * @param writerAlive true while the writing JVM may still be appending: the cursor then waits at a record that
     *                    is not complete yet instead of calling it torn
     * @return the number of records delivered
     */
    public int poll(boolean writerAlive, Consumer<JournalEntry> sink) {
        return poll(writerAlive, Integer.MAX_VALUE, sink);
    }

    /**
     * Like {@link #poll(boolean, Consumer)}, but stops after {@code max} records: a post-mortem reads a segment in
     * step with the capture, a little ahead of it, rather than all of it at once.
     */
    public int poll(boolean writerAlive, int max, Consumer<JournalEntry> sink) {
        int delivered = 0;
        while (delivered < max && position + RECORD_HEADER <= limit) {
            // commit first: read after it, the length of a committed record is always visible; read before it, a
            // record completed between the two loads shows its commit mark with a length still 0
            int commit = map.intAcquire(position + R_COMMIT);
            int len = map.getInt(position + R_LENGTH);
            if (len == 0 && commit == 0) {
                if (writerAlive) {
                    return delivered; // the end, or space reserved whose length is not stored yet
                }
                int next = scan(position + RECORD_ALIGN);
                if (next < 0) {
                    return delivered;
                }
                damages.add(new Damage(header.file(), position, "unwritten space of " + (next - position)
                        + " bytes (the writer died between reserving and writing)"));
                position = next;
                continue;
            }
            if (!plausibleLength(position, len)) {
                int next = scan(position + RECORD_ALIGN);
                damages.add(new Damage(header.file(), position, "corrupt record length " + len));
                if (next < 0) {
                    position = limit;
                    return delivered;
                }
                position = next;
                continue;
            }
            if (commit != COMMIT_MARK) {
                if (writerAlive && commit == 0) {
                    return delivered;
                }
                damages.add(new Damage(header.file(), position, commit != 0 ? "corrupt commit mark"
                        : sawExit ? TORN_BY_HALT : "torn record (never completed)"));
                position += len;
                continue;
            }
            int type = map.getInt(position + R_TYPE);
            if (map.getInt(position + R_CRC) != crc(position, type, len)) {
                damages.add(new Damage(header.file(), position, "record fails its CRC32C check"));
                position += len;
                continue;
            }
            ByteBuffer body = map.slice(position + R_BODY, len - R_BODY);
            JournalEntry entry;
            try {
                if (type == TYPE_STACK) {
                    RecordCodec.StackDefinition def = RecordCodec.decodeStack(body);
                    stacks.put(def.id(), CapturedStack.of(def.frames()));
                    position += len;
                    continue;
                }
                entry = RecordCodec.decode(position, type, body, stackOfId, values);
            } catch (IllegalArgumentException e) {
                damages.add(new Damage(header.file(), position, "undecodable record (" + e.getMessage() + ")"));
                position += len;
                continue;
            }
            position += len;
            sawExit |= entry instanceof JournalEntry.Exit;
            sink.accept(entry);
            delivered++;
        }
        return delivered;
    }

    /** What the end of a finished segment says about its JVM: see {@link #ending()}. */
    public record Ending(JournalEntry.Exit exit, long lastEventNanos) {
    }

    /**
     * Walks the rest of the segment from the current position without decoding its events, for what a post-mortem
     * must know before it streams the records: the EXIT record (null when none) and the time of the newest event.
     * Damaged records are stepped over here; {@link #poll} is what reports them.
     */
    public Ending ending() {
        JournalEntry.Exit exit = null;
        long last = 0;
        int at = position;
        while (at + RECORD_HEADER <= limit) {
            int len = map.getInt(at + R_LENGTH);
            if (!plausibleLength(at, len)) {
                int next = scan(at + RECORD_ALIGN);
                if (next < 0) {
                    break;
                }
                at = next;
                continue;
            }
            int type = map.getInt(at + R_TYPE);
            if (map.intAcquire(at + R_COMMIT) == COMMIT_MARK) {
                if (type == TYPE_EVENT) {
                    last = Math.max(last, RecordCodec.eventNanos(map.slice(at + R_BODY, len - R_BODY)));
                } else if (type == TYPE_EXIT && map.getInt(at + R_CRC) == crc(at, type, len)) {
                    exit = RecordCodec.decodeExit(at, map.slice(at + R_BODY, len - R_BODY));
                }
            }
            at += len;
        }
        return new Ending(exit, last);
    }

    /** The frames of a stack the event at {@link #position} names; none, and said so, when it is not defined. */
    private List<String> stack(long id) {
        CapturedStack frames = stacks.get(id);
        if (frames == null) {
            damages.add(new Damage(header.file(), position, "event names stack " + id
                    + ", not defined before it in its segment; read without its stack"));
            return List.of();
        }
        return frames;
    }

    private boolean plausibleLength(int at, int len) {
        return len >= RECORD_HEADER && len <= MAX_RECORD && len % RECORD_ALIGN == 0 && (long) at + len <= limit;
    }

    /** The next offset from {@code from} that holds a complete record with a valid CRC, or -1. */
    private int scan(int from) {
        for (int q = from; q + RECORD_HEADER <= limit; q += RECORD_ALIGN) {
            int len = map.getInt(q + R_LENGTH);
            if (len != 0 && plausibleLength(q, len) && map.getInt(q + R_COMMIT) == COMMIT_MARK
                    && map.getInt(q + R_CRC) == crc(q, map.getInt(q + R_TYPE), len)) {
                return q;
            }
        }
        return -1;
    }

    private int crc(int at, int type, int len) {
        return JournalFormat.crc(type, map.slice(at + R_BODY, len - R_BODY));
    }
}
