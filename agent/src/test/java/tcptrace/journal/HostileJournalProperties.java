package tcptrace.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static tcptrace.journal.JournalFormat.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Journal segments built to hurt the reader: header fields that lie (capacity, sizes, version), records whose
 * length, commit mark and CRC are right but whose body is hostile (string lengths, frame counts, address lengths,
 * unknown codes, stack ids never defined or defined twice), lengths that point past the end. The reader returns only well-formed entries or a one-line
 * {@link JournalException}, in bounded time and memory, and never throws anything else.
 */
class HostileJournalProperties {
    private static final long CASE_TIMEOUT_MILLIS = 10_000;
    private static final long MAX_ALLOCATED_BYTES = 16L << 20;
    private static final long SEGMENT_BYTES = HEADER_SIZE + MAX_RECORD;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hostile-journal");
        t.setDaemon(true);
        return t;
    });

    private static Path dir;
    private static byte[] pristine;
    private static byte[] eventBody;
    private static byte[] stackBody;

    @BeforeContainer
    static void writeOnce() throws IOException {
        dir = Files.createTempDirectory("tcptrace-hostile-journal");
        Path file;
        try (JournalWriter w = JournalWriter.open(dir.resolve("j"), false, SEGMENT_BYTES, 2, s -> { })) {
            for (int i = 0; i < 10; i++) {
                w.writeEvent(JournalTestEvents.close(i));
            }
            file = w.currentFile();
        }
        pristine = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.allocate(MAX_RECORD).order(ORDER);
        RecordCodec.encodeEvent(JournalTestEvents.close(99), 1, b);
        eventBody = java.util.Arrays.copyOf(b.array(), b.position());
        RecordCodec.encodeStack(1, JournalTestEvents.FRAMES, b.clear());
        stackBody = java.util.Arrays.copyOf(b.array(), b.position());
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        RUNNER.shutdownNow();
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<Long> lyingLongs() {
        return Arbitraries.oneOf(Arbitraries.of(0L, 1L, -1L, (long) HEADER_SIZE - 1, (long) HEADER_SIZE,
                (long) HEADER_SIZE + 1, SEGMENT_BYTES - 1, SEGMENT_BYTES + 8, (long) Integer.MAX_VALUE,
                (long) Integer.MAX_VALUE + 1, Long.MAX_VALUE, Long.MIN_VALUE), Arbitraries.longs());
    }

    @Provide
    Arbitrary<Integer> lyingInts() {
        return Arbitraries.oneOf(Arbitraries.of(0, 1, -1, VERSION, VERSION + 1, HEADER_SIZE, HEADER_SIZE - 1,
                RECORD_HEADER, RECORD_HEADER + 1, MAX_RECORD, MAX_RECORD + RECORD_ALIGN, Integer.MAX_VALUE,
                Integer.MIN_VALUE), Arbitraries.integers());
    }

    @Property(tries = 400)
    void headerFieldsThatLieAreRefusedOrRead(@ForAll("lyingLongs") long capacity, @ForAll("lyingInts") int version,
                                              @ForAll("lyingInts") int headerSize, @ForAll("lyingLongs") long dropped,
                                              @ForAll("lyingInts") int uid, @ForAll("lyingInts") int flags,
                                              @ForAll boolean keepVersion, @ForAll boolean keepHeaderSize,
                                              @ForAll boolean keepUid) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(pristine.clone()).order(ORDER);
        b.putLong(H_CAPACITY, capacity).putLong(H_DROPPED, dropped).putInt(H_FLAGS, flags);
        if (!keepVersion) {
            b.putInt(H_VERSION, version);
        }
        if (!keepHeaderSize) {
            b.putInt(H_HEADER_SIZE, headerSize);
        }
        if (!keepUid) {
            b.putInt(H_UID, uid);
        }
        readHostile(b.array());
    }

    record Hostile(int length, int commit, int type, boolean rightCrc, byte[] body) {
    }

    @Provide
    Arbitrary<Hostile> records() {
        Arbitrary<byte[]> bodies = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                // an event or a STACK record, every field intact but for a few hostile bytes
                Combinators.combine(Arbitraries.of(eventBody, stackBody),
                                Arbitraries.integers().between(0, 400).list().ofMaxSize(4),
                                Arbitraries.of((byte) 0xFF, (byte) 0x7F, (byte) 0x80, (byte) 0, (byte) 99).list()
                                        .ofMaxSize(4))
                        .as((intact, at, values) -> {
                            byte[] b = intact.clone();
                            for (int i = 0; i < Math.min(at.size(), values.size()); i++) {
                                b[at.get(i) % b.length] = values.get(i);
                            }
                            return b;
                        }));
        return bodies.flatMap(body -> {
            int truth = align(R_BODY + body.length);
            return Combinators.combine(
                    Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just(truth)),
                            net.jqwik.api.Tuple.of(1, lyingInts())),
                    Arbitraries.of(COMMIT_MARK, COMMIT_MARK, COMMIT_MARK, 0, ~COMMIT_MARK),
                    Arbitraries.of(TYPE_EVENT, TYPE_EVENT, TYPE_STACK, TYPE_STACK, TYPE_START, TYPE_EXIT, 0, 77),
                    Arbitraries.of(true, true, true, false))
                    .as((length, commit, type, rightCrc) -> new Hostile(length, commit, type, rightCrc, body));
        });
    }

    @Property(tries = 600)
    void hostileRecordsBehindAValidCrcYieldDamageNotExceptions(
            @ForAll("recordLists") List<Hostile> records) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(pristine.clone()).order(ORDER);
        int at = HEADER_SIZE;
        for (Hostile r : records) {
            int space = align(R_BODY + r.body().length);
            if (at + space > pristine.length) {
                break;
            }
            b.position(at + R_BODY);
            b.put(r.body());
            int crc = JournalFormat.crc(r.type(), b.duplicate().position(at + R_BODY).limit(at + space).slice());
            b.putInt(at + R_LENGTH, r.length()).putInt(at + R_COMMIT, r.commit()).putInt(at + R_TYPE, r.type())
                    .putInt(at + R_CRC, r.rightCrc() ? crc : ~crc);
            at += space;
        }
        readHostile(b.array());
    }

    @Provide
    Arbitrary<List<Hostile>> recordLists() {
        return records().list().ofMinSize(1).ofMaxSize(8);
    }

    /** Opens, polls (as if the writer were alive, then dead) and reads the JVM's journal, under a time limit. */
    private static void readHostile(byte[] bytes) throws Exception {
        Path jdir = Files.createTempDirectory(dir, "case");
        Path file = jdir.resolve(ProcessHandle.current().pid() + ".journal");
        Files.write(file, bytes);
        Future<Long> allocated = RUNNER.submit(() -> {
            long tid = Thread.currentThread().getId();
            long before = THREADS.getThreadAllocatedBytes(tid);
            try {
                SegmentCursor c = SegmentCursor.open(file);
                List<JournalEntry> live = new ArrayList<>();
                c.poll(true, live::add);
                c.poll(false, live::add);
                assertWellFormed(live);
                assertWellFormed(JvmJournal.read(file).entries());
            } catch (JournalException refused) {
                assertThat(refused.getMessage()).doesNotContain("\n");
            }
            return THREADS.getThreadAllocatedBytes(tid) - before;
        });
        try {
            assertThat(allocated.get(CASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isLessThan(MAX_ALLOCATED_BYTES);
        } catch (TimeoutException hang) {
            allocated.cancel(true);
            fail("reading a hostile journal took longer than " + CASE_TIMEOUT_MILLIS + " ms");
        } catch (ExecutionException e) {
            throw new AssertionError("reading a hostile journal threw " + e.getCause(), e.getCause());
        } finally {
            Files.delete(file);
            Files.delete(jdir);
        }
    }

    /** A hostile body may still decode (its bytes are valid by chance): then it is a well-formed entry. */
    private static void assertWellFormed(List<JournalEntry> entries) {
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.Event ev) {
                assertThat(ev.event().kind()).isNotNull();
                assertThat(ev.event().stack()).hasSizeLessThanOrEqualTo(RecordCodec.MAX_FRAMES);
            }
        }
    }
}
