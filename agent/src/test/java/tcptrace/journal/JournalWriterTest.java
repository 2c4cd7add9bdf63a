package tcptrace.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.agent.event.SocketEvent;

class JournalWriterTest {
    private static final long SMALL_SEGMENT = JournalFormat.HEADER_SIZE + JournalFormat.MAX_RECORD;

    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();

    private JournalWriter open(Path dir) throws IOException {
        return JournalWriter.open(dir, false, warnings::add);
    }

    @Test
    void eventsRoundTripInOrder() throws IOException {
        Path dir = tmp.resolve("j");
        try (JournalWriter w = open(dir)) {
            w.writeStart(new JournalEntry.Start(0, 5, false, "17", "demo.Client", "journal=" + dir));
            for (int i = 1; i <= 3; i++) {
                assertThat(w.writeEvent(JournalTestEvents.close(i))).isTrue();
            }
            JvmJournal j = JvmJournal.read(w.currentFile());
            assertThat(j.status()).isEqualTo(JvmJournal.Status.ALIVE);
            assertThat(j.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(j.entries()).hasSize(4).first().isInstanceOf(JournalEntry.Start.class);
            List<SocketEvent> events = j.entries().stream().filter(JournalEntry.Event.class::isInstance)
                    .map(e -> ((JournalEntry.Event) e).event()).toList();
            assertThat(events).containsExactly(JournalTestEvents.close(1), JournalTestEvents.close(2),
                    JournalTestEvents.close(3));
            assertThat(j.damages()).isEmpty();
        }
    }

    @Test
    void exitRecordMarksAnOrderlyEnd() throws IOException {
        try (JournalWriter w = open(tmp.resolve("j"))) {
            w.writeEvent(JournalTestEvents.close(1));
            w.writeExit(42);
            JvmJournal j = JvmJournal.read(w.currentFile());
            assertThat(j.exit()).hasValueSatisfying(x -> assertThat(x.epochNanos()).isEqualTo(42));
        }
    }

    @Test
    void directoryAndFilesArePrivate() throws IOException {
        Path dir = tmp.resolve("private");
        try (JournalWriter w = open(dir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(w.currentFile())))
                    .isEqualTo("rw-------");
            assertThat(w.currentFile().getFileName().toString())
                    .isEqualTo(ProcessHandle.current().pid() + ".journal");
        }
    }

    @Test
    void refusesADirectoryOpenToOthers() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("open"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> open(dir)).isInstanceOf(JournalException.class)
                .hasMessageContaining("rwxrwxrwx").hasMessageContaining("refusing");
    }

    @Test
    void refusesASymbolicLink() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("real"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertThatThrownBy(() -> open(link)).isInstanceOf(JournalException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void fullRingDropsAndCountsInsteadOfBlocking() throws IOException {
        Path dir = tmp.resolve("j");
        try (JournalWriter w = JournalWriter.open(dir, false, SMALL_SEGMENT, 2, warnings::add)) {
            w.close(); // stops the thread that prepares standby segments: the first segment is all there is
            int written = 0;
            for (int i = 0; i < 2_000; i++) {
                if (w.writeEvent(JournalTestEvents.close(i))) {
                    written++;
                }
            }
            assertThat(written).isZero(); // a closed writer drops everything
            assertThat(w.dropped()).isEqualTo(2_000);
        }
    }

    @Test
    void exitWithNoRoomForItsRecordStillMarksTheHeader() throws Exception {
        Path dir = tmp.resolve("j");
        try (JournalWriter w = JournalWriter.open(dir, false, SMALL_SEGMENT, 2, warnings::add)) {
            SegmentCursor tail = SegmentCursor.open(w.currentFile());
            assertThat(w.writeExit(1)).isTrue();
            assertThat(SegmentHeader.read(w.currentFile()).exitedWithoutRecord()).isFalse();
            assertThat(tail.exitedWithoutRecord()).isFalse();
            w.close(); // from now on every record is dropped, as on a full disk
            assertThat(w.writeExit(2)).isFalse();
            assertThat(SegmentHeader.read(w.currentFile()).exitedWithoutRecord()).isTrue();
            assertThat(tail.exitedWithoutRecord()).as("a reader that opened the segment before sees it").isTrue();
            assertThat(SegmentHeader.read(w.currentFile()).droppedRecords()).isEqualTo(1);
        }
    }

    @Test
    void rollsOverToNewSegmentsAndKeepsTheNewestRing() throws Exception {
        Path dir = tmp.resolve("j");
        int total = 3_000;
        try (JournalWriter w = JournalWriter.open(dir, false, SMALL_SEGMENT, 3, warnings::add)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int i = 0; i < total; i++) {
                // a segment that fills before its standby is ready drops: wait for the roller, then retry
                while (!w.writeEvent(JournalTestEvents.close(i))) {
                    assertThat(System.nanoTime()).as("standby segment ready in time").isLessThan(deadline);
                    awaitStandby();
                }
            }
            JvmJournal j = JvmJournal.read(w.currentFile());
            List<Long> ids = j.entries().stream().map(e -> ((JournalEntry.Event) e).event().connectionId()).toList();
            assertThat(j.segments().size()).isBetween(2, 3);
            assertThat(ids).isSorted().endsWith((long) total - 1);
            assertThat(ids.get(0)).isGreaterThan(0L); // the oldest segments were recycled
            assertThat(j.damages()).isEmpty();
        }
    }

    private static void awaitStandby() throws InterruptedException {
        new CountDownLatch(1).await(5, TimeUnit.MILLISECONDS);
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        Path dir = tmp.resolve("j");
        int threads = 4;
        int perThread = 500;
        try (JournalWriter w = open(dir)) {
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                Thread writer = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        w.writeEvent(JournalTestEvents.close(base + i));
                    }
                });
                writer.start();
                ts.add(writer);
            }
            for (Thread t : ts) {
                t.join();
            }
            JvmJournal j = JvmJournal.read(w.currentFile());
            assertThat(j.entries()).hasSize(threads * perThread);
            assertThat(j.entries().stream().map(e -> ((JournalEntry.Event) e).event().connectionId()))
                    .doesNotHaveDuplicates();
            assertThat(w.dropped()).isZero();
        }
    }

    /**
     * Events naming shared stacks, from several threads across many segment rolls: each segment, read alone, gives
     * every event its own stack, and holds a STACK record per stack rather than per event (a few more when threads
     * race to define one first).
     */
    @Test
    void sharedStacksAreWrittenOncePerSegmentAndEachSegmentReadsAlone() throws Exception {
        Path dir = tmp.resolve("j");
        List<List<String>> stacks = List.of(List.of("a.A.close(A.java:1)"),
                List.of("b.B.close(B.java:2)", "b.B.run(B.java:3)"), List.of());
        int threads = 4;
        int perThread = 1_500;
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (JournalWriter w = JournalWriter.open(dir, false, SMALL_SEGMENT, 64, warnings::add)) {
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                Thread writer = new Thread(() -> {
                    try {
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        for (int i = base; i < base + perThread; i++) {
                            while (!w.writeEvent(JournalTestEvents.close(i, stacks.get(i % stacks.size())))) {
                                assertThat(System.nanoTime()).as("standby ready in time").isLessThan(deadline);
                                awaitStandby();
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                writer.start();
                ts.add(writer);
            }
            for (Thread t : ts) {
                t.join();
            }
        }
        assertThat(failures).isEmpty();
        List<Path> segments;
        try (var files = Files.list(dir)) {
            segments = files.filter(f -> JournalFormat.pidOf(f) >= 0).toList(); // not a standby given up at the close
        }
        assertThat(segments).hasSizeGreaterThan(4);
        int events = 0;
        for (Path f : segments) {
            SegmentCursor c = SegmentCursor.open(f);
            List<SocketEvent> read = new ArrayList<>();
            c.poll(false, e -> read.add(((JournalEntry.Event) e).event()));
            for (SocketEvent e : read) {
                assertThat(e.stack()).isEqualTo(stacks.get((int) (e.connectionId() % stacks.size())));
            }
            assertThat(c.damages()).isEmpty();
            int distinct = (int) read.stream().map(SocketEvent::stack).filter(s -> !s.isEmpty()).distinct().count();
            assertThat(stackRecords(f)).as(f.toString()).isBetween(distinct, distinct * threads);
            events += read.size();
        }
        assertThat(events).isEqualTo(threads * perThread);
    }

    private static int stackRecords(Path segment) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(segment)).order(JournalFormat.ORDER);
        int n = 0;
        for (int at = JournalFormat.HEADER_SIZE; at + JournalFormat.RECORD_HEADER <= b.capacity(); ) {
            int len = b.getInt(at + JournalFormat.R_LENGTH);
            if (len == 0) {
                break;
            }
            n += b.getInt(at + JournalFormat.R_TYPE) == JournalFormat.TYPE_STACK ? 1 : 0;
            at += len;
        }
        return n;
    }

    @Test
    void staleSegmentsOfAReusedPidAreKeptAside() throws IOException {
        Path dir = tmp.resolve("j");
        Path first;
        try (JournalWriter w = open(dir)) {
            w.writeEvent(JournalTestEvents.close(1));
            first = w.currentFile();
        }
        // pretend that journal came from an earlier JVM with this pid
        try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
            f.seek(JournalFormat.H_JVM_START_MILLIS);
            f.write(new byte[] {1, 0, 0, 0, 0, 0, 0, 0});
        }
        try (JournalWriter w = open(dir)) {
            assertThat(dir.resolve(ProcessHandle.current().pid() + "-1.journal")).exists();
            assertThat(JvmJournal.read(w.currentFile()).entries()).isEmpty();
        }
    }
}
