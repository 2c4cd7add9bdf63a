package tcptrace.journal;

import static tcptrace.journal.JournalFormat.*;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import tcptrace.agent.event.SocketEvent;
import tcptrace.agent.stack.StackDictionary;

/**
 * Appends records to a ring of memory-mapped segment files. The pages of a mapping belong to the kernel's page
 * cache, so a record is safe the moment its bytes are stored, even if the JVM is killed a nanosecond later.
 *
 * <p>Never blocks the calling thread: space is reserved with one atomic add; when a segment is full the writer
 * switches to a standby segment that a daemon thread prepared in advance, and when there is none (disk full,
 * directory gone) the record is dropped and counted. Segment files are written full of zeros when created so that
 * a full disk shows up as an I/O error there, never as SIGBUS on a store into the mapping. A segment is made under a
 * temporary name and takes its own only with its header complete, so that a JVM killed while making one leaves
 * nothing under a journal name that a reader must refuse.
 */
public final class JournalWriter implements AutoCloseable {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ORDER);
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ORDER);
    private static final int SMALL_RECORD = 4096;
    private static final ThreadLocal<ByteBuffer> SCRATCH =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(SMALL_RECORD).order(ORDER));
    private static final long RETRY_NANOS = 1_000_000_000L;
    private static final long EXIT_WAIT_NANOS = 100_000_000L;

    private final Path dir;
    private final long pid;
    private final long jvmStartMillis;
    private final UUID bootId;
    private final int uid;
    private final int flags;
    private final long segmentBytes;
    private final int maxSegments;
    private final Consumer<String> warn;

    private final AtomicReference<Segment> current = new AtomicReference<>();
    private final AtomicReference<Segment> standby = new AtomicReference<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final StackDictionary stacks = new StackDictionary();
    private final Thread roller;
    private volatile boolean closed;
    /** Set at the orderly exit: the roller makes no further standby segment. */
    private volatile boolean rollerStopped;
    private volatile long lastRollFailureNanos;
    /** Whether a failed segment creation has been reported; only the roller thread touches it. */
    private boolean warnedRollFailure;
    /** Generation of the next standby segment; only the roller thread touches it. */
    private long nextGeneration = 1;

    private JournalWriter(Path dir, long pid, long jvmStartMillis, UUID bootId, int flags, long segmentBytes,
                          int maxSegments, Consumer<String> warn) throws IOException {
        if (segmentBytes < HEADER_SIZE + MAX_RECORD || segmentBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segment size out of range: " + segmentBytes);
        }
        if (maxSegments < 2) {
            throw new IllegalArgumentException("at least two segments are needed, got " + maxSegments);
        }
        this.dir = dir;
        this.pid = pid;
        this.jvmStartMillis = jvmStartMillis;
        this.bootId = bootId;
        this.uid = JournalDirectory.currentUid();
        this.flags = flags;
        this.segmentBytes = segmentBytes;
        this.maxSegments = maxSegments;
        this.warn = warn;
        JournalDirectory.ensurePrivate(dir);
        setAsideStaleSegments();
        current.set(createSegment(0));
        roller = new Thread(this::prepareStandbys, "tcptrace-journal");
        roller.setDaemon(true);
        roller.start();
    }

    /** Opens the journal of this JVM in {@code dir}; {@code warn} receives one line per problem met later. */
    public static JournalWriter open(Path dir, boolean attached, Consumer<String> warn) throws IOException {
        return open(dir, attached, DEFAULT_SEGMENT_BYTES, DEFAULT_SEGMENTS, warn);
    }

    public static JournalWriter open(Path dir, boolean attached, long segmentBytes, int maxSegments,
                                     Consumer<String> warn) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(java.time.Instant::toEpochMilli)
                .orElse(System.currentTimeMillis());
        return new JournalWriter(dir, self.pid(), start, BootId.current(), attached ? FLAG_ATTACHED : 0,
                segmentBytes, maxSegments, warn);
    }

    /** The segment being written now. */
    public Path currentFile() {
        return current.get().path;
    }

    public Path directory() {
        return dir;
    }

    /** Records dropped so far because no segment had room. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Counts {@code n} records as dropped that never reached this writer (events that came while the journal was
     * opening and found no room to wait): a reader sees them in the header and the EXIT record, as its own drops.
     */
    public void countDropped(long n) {
        long total = dropped.addAndGet(n);
        Segment seg = current.get();
        if (seg != null) {
            LONG.setOpaque(seg.map, H_DROPPED, total);
        }
    }

    /**
     * Appends the event; the first event with a given stack in a segment brings the STACK record along, in the same
     * reservation and ahead of it.
     */
    public boolean writeEvent(SocketEvent e) {
        // every event of every connection comes here: written out rather than through append's lambdas, so that it
        // allocates nothing of its own (the lambdas capturing the event cost four objects an event)
        StackDictionary.Entry stack = e.stack().isEmpty() ? null : stacks.entryFor(e.stack());
        if (closed) {
            return drop();
        }
        inFlight.incrementAndGet();
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                Segment seg = current.get();
                boolean define = stack != null && !stack.isDefinedIn(seg.generation);
                ByteBuffer recs = encodeEvent(e, stack, define);
                int len = recs.limit();
                long start = seg.next.getAndAdd(len);
                if (start + len <= seg.capacity) {
                    seg.store((int) start, recs);
                    if (define) {
                        stack.markDefinedIn(seg.generation);
                    }
                    return true;
                }
                if (!roll(seg)) {
                    break;
                }
            }
            return drop();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The event's record, after its stack's STACK record when {@code define}, as {@link #encode} does. */
    private static ByteBuffer encodeEvent(SocketEvent e, StackDictionary.Entry stack, boolean define) {
        ByteBuffer b;
        try {
            b = SCRATCH.get().clear();
            putEvent(b, e, stack, define);
        } catch (BufferOverflowException big) {
            b = ByteBuffer.allocate(MAX_RECORD).order(ORDER);
            putEvent(b, e, stack, define);
        }
        return b.flip();
    }

    private static void putEvent(ByteBuffer b, SocketEvent e, StackDictionary.Entry stack, boolean define) {
        long stackId = stack == null ? 0 : stack.id;
        if (define) {
            int at = beginRecord(b);
            RecordCodec.encodeStack(stackId, stack.frames, b);
            endRecord(b, at, TYPE_STACK);
        }
        int at = beginRecord(b);
        RecordCodec.encodeEvent(e, stackId, b);
        endRecord(b, at, TYPE_EVENT);
    }

    public boolean writeStart(JournalEntry.Start s) {
        return append(TYPE_START, b -> RecordCodec.encodeStart(s, b));
    }

    /**
     * Marks an orderly exit; call from a shutdown hook. With no room left for the EXIT record (a full disk), the
     * header's exited flag still tells a reader that the JVM was not killed.
     */
    public boolean writeExit(long epochNanos) {
        // the halt that follows the shutdown hooks would tear a record another thread is writing right now: let those
        // finish first, for a bounded time (a writer stuck in a page fault must not hold up the exit)
        long deadline = System.nanoTime() + EXIT_WAIT_NANOS;
        while (inFlight.get() > 0 && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        boolean written = append(TYPE_EXIT, b -> RecordCodec.encodeExit(
                new JournalEntry.Exit(0, epochNanos, dropped.get()), b));
        if (!written) {
            INT.setRelease(current.get().map, H_FLAGS, flags | FLAG_EXITED);
        }
        stopRoller();
        return written;
    }

    /**
     * No standby is made after the orderly exit, and one being made is given up: the halt would leave its temporary
     * file behind. Not waited for: a half-made segment is never under a name a reader looks at.
     */
    private void stopRoller() {
        rollerStopped = true;
        LockSupport.unpark(roller);
    }

    private boolean append(int type, Consumer<ByteBuffer> body) {
        return append(generation -> encode(b -> frame(b, type, body)), generation -> { });
    }

    /**
     * Stores what {@code records} encodes for the segment it will go to (a roll to the next segment encodes again),
     * then tells {@code stored} that segment's generation.
     */
    private boolean append(LongFunction<ByteBuffer> records, LongConsumer stored) {
        if (closed) {
            return drop();
        }
        inFlight.incrementAndGet();
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                Segment seg = current.get();
                ByteBuffer recs = records.apply(seg.generation);
                int len = recs.limit();
                long start = seg.next.getAndAdd(len);
                if (start + len <= seg.capacity) {
                    seg.store((int) start, recs);
                    stored.accept(seg.generation);
                    return true;
                }
                if (!roll(seg)) {
                    break;
                }
            }
            return drop();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Encodes records back to back into the calling thread's buffer, which it reuses for all its records: they are
     * copied into the mapping before the same thread can encode more, and most fit in {@link #SMALL_RECORD}.
     */
    private static ByteBuffer encode(Consumer<ByteBuffer> records) {
        ByteBuffer b;
        try {
            b = SCRATCH.get().clear();
            records.accept(b);
        } catch (BufferOverflowException big) {
            // strings and frames are cut so that even the largest STACK record and its event fit together
            b = ByteBuffer.allocate(MAX_RECORD).order(ORDER);
            records.accept(b);
        }
        return b.flip();
    }

    /** Appends one record at the buffer's position: header, body, zero padding (covered by the CRC). */
    private static void frame(ByteBuffer b, int type, Consumer<ByteBuffer> body) {
        int at = beginRecord(b);
        body.accept(b);
        endRecord(b, at, type);
    }

    /** Leaves room for a record's header; the body goes after it. The record's offset. */
    private static int beginRecord(ByteBuffer b) {
        int at = b.position();
        b.position(at + RECORD_HEADER);
        return at;
    }

    /** Closes the record begun at {@code at} once its body is written: padding, header, CRC. */
    private static void endRecord(ByteBuffer b, int at, int type) {
        int end = b.position();
        int len = align(end - at);
        for (int i = end; i < at + len; i++) {
            b.put(i, (byte) 0); // no bytes of an earlier record in the padding
        }
        b.putInt(at + R_LENGTH, len);
        b.putInt(at + R_TYPE, type);
        b.putInt(at + R_CRC, crc(type, b.array(), at + R_BODY, len - R_BODY));
        b.position(at + len);
    }

    private boolean drop() {
        long n = dropped.incrementAndGet();
        Segment seg = current.get();
        if (seg != null) {
            LONG.setOpaque(seg.map, H_DROPPED, n);
        }
        return false;
    }

    /**
     * Waits up to {@code timeoutNanos} until a standby segment is ready, so that the next roll cannot drop: for a
     * writer off any application's path (a tool writing a journal in bulk), never for the agent's probes.
     */
    public boolean awaitStandby(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (standby.get() == null) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.unpark(roller);
            Thread.sleep(1);
        }
        return true;
    }

    /** Switches from the full {@code seg} to the standby; false when none is ready. */
    private boolean roll(Segment seg) {
        if (current.get() != seg) {
            return true; // another thread rolled already
        }
        Segment next = standby.get();
        if (next == null || !standby.compareAndSet(next, null)) {
            LockSupport.unpark(roller);
            return current.get() != seg;
        }
        current.set(next); // only the taker of the standby switches: no other thread can have replaced seg
        // after the switch, so that a drop counted before it is in the new header and one after it writes there
        LONG.setOpaque(next.map, H_DROPPED, dropped.get());
        LockSupport.unpark(roller);
        return true;
    }

    /** Keeps one standby segment ready, deleting the oldest beyond the ring's size. */
    private void prepareStandbys() {
        while (!closed && !rollerStopped) {
            if (standby.get() == null && System.nanoTime() - lastRollFailureNanos > RETRY_NANOS) {
                // not current + 1: the taker of the last standby may not have made it current yet
                long gen = nextGeneration;
                try {
                    deleteSegment(gen - maxSegments);
                    standby.set(createSegment(gen));
                    nextGeneration = gen + 1;
                } catch (IOException | RuntimeException e) {
                    lastRollFailureNanos = System.nanoTime();
                    // said once: a full disk retried every second must not flood the application's stderr; and
                    // not for a standby given up at the exit
                    if (!warnedRollFailure && !closed && !rollerStopped) {
                        warnedRollFailure = true;
                        warn.accept("tcptrace: journal segment " + gen + " in " + dir + " cannot be created ("
                                + e.getMessage() + "); events are dropped and counted until it can");
                    }
                }
            }
            LockSupport.parkNanos(this, RETRY_NANOS);
        }
    }

    private void deleteSegment(long gen) throws IOException {
        if (gen >= 0) {
            Files.deleteIfExists(dir.resolve(segmentName(pid, gen)));
        }
    }

    /**
     * Makes the segment under its {@link JournalFormat#temporaryName} and renames it to its own name once the header
     * is complete: a reader never meets a zero-filled file or half a header under a journal name, even when this JVM
     * is killed while making it.
     */
    private Segment createSegment(long generation) throws IOException {
        Path path = dir.resolve(segmentName(pid, generation));
        Path made = dir.resolve(temporaryName(pid, generation));
        Files.deleteIfExists(path);
        // a file under this name is a JVM's that had our pid and was killed while making a segment, or ours from an
        // attempt whose clean-up failed: nothing in it is evidence, and CREATE_NEW would fail on it for good
        Files.deleteIfExists(made);
        try (FileChannel ch = FileChannel.open(made, new java.util.HashSet<>(java.util.List.of(
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer zeros = ByteBuffer.allocate(1 << 16);
            for (long pos = 0; pos < segmentBytes; pos += zeros.capacity()) {
                if (closed || rollerStopped) {
                    throw new IOException("the journal is closing"); // the exit does not wait for the rest
                }
                zeros.clear().limit((int) Math.min(zeros.capacity(), segmentBytes - pos));
                while (zeros.hasRemaining()) {
                    ch.write(zeros, pos + zeros.position());
                }
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, segmentBytes);
            map.order(ORDER);
            writeHeader(map, generation);
            // rename(2): the name appears with the header already in the page cache, which every reader shares
            Files.move(made, path, StandardCopyOption.ATOMIC_MOVE);
            return new Segment(path, generation, map, segmentBytes);
        } catch (IOException e) {
            Files.deleteIfExists(made);
            throw e;
        }
    }

    private void writeHeader(MappedByteBuffer map, long generation) {
        map.put(H_MAGIC, MAGIC);
        map.putInt(H_VERSION, VERSION);
        map.putInt(H_HEADER_SIZE, HEADER_SIZE);
        map.putLong(H_PID, pid);
        map.putLong(H_JVM_START_MILLIS, jvmStartMillis);
        map.putLong(H_BOOT_ID, bootId.getMostSignificantBits());
        map.putLong(H_BOOT_ID + 8, bootId.getLeastSignificantBits());
        map.putLong(H_CAPACITY, segmentBytes);
        map.putLong(H_GENERATION, generation);
        map.putLong(H_DROPPED, dropped.get());
        map.putInt(H_UID, uid);
        map.putInt(H_FLAGS, flags);
    }

    /**
     * Segments left by an earlier JVM with our pid are evidence too: keep them under a name of their own. A segment
     * it was making when killed is not (its header never got its name) and no one else removes it: delete it.
     */
    private void setAsideStaleSegments() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (pidOfTemporary(f) == pid) {
                    Files.deleteIfExists(f);
                    continue;
                }
                if (pidOf(f) != pid || !isCurrentName(f) || Files.isSymbolicLink(f)) {
                    continue;
                }
                try {
                    SegmentHeader h = SegmentHeader.read(f);
                    Files.move(f, f.resolveSibling(staleName(pid, h.jvmStartMillis(), h.generation())),
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (JournalException unreadable) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(roller);
    }

    private static final class Segment {
        final Path path;
        final long generation;
        final MappedByteBuffer map;
        final long capacity;
        final AtomicLong next = new AtomicLong(HEADER_SIZE);

        Segment(Path path, long generation, MappedByteBuffer map, long capacity) {
            this.path = path;
            this.generation = generation;
            this.map = map;
            this.capacity = capacity;
        }

        /**
         * Each record: length first (a reader can step over it), then the rest, then the commit mark with release
         * order.
         */
        void store(int at, ByteBuffer recs) {
            for (int o = 0; o < recs.limit(); ) {
                int len = recs.getInt(o + R_LENGTH);
                map.putInt(at + o + R_LENGTH, len);
                map.put(at + o + R_TYPE, recs.array(), o + R_TYPE, len - R_TYPE);
                INT.setRelease(map, at + o + R_COMMIT, COMMIT_MARK);
                o += len;
            }
        }
    }
}
