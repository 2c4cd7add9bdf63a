package tcptrace.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segment shows up under its journal name only with its header complete: a JVM killed while making one leaves
 * nothing a reader must refuse as damage.
 */
class SegmentCreationTest {
    private static final long SMALL_SEGMENT = JournalFormat.HEADER_SIZE + JournalFormat.MAX_RECORD;
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void aHalfMadeSegmentBesideGoodOnesIsNoDamageToThePostMortem() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("j"));
        long dead = deadPid();
        int events = 0;
        Path scratch = tmp.resolve("scratch");
        try (JournalWriter w = JournalWriter.open(scratch, false, SMALL_SEGMENT, 16, warnings::add)) {
            while (generationOf(w.currentFile()) < 3) {
                assertThat(w.awaitStandby(TimeUnit.SECONDS.toNanos(10))).as("standby ready").isTrue();
                assertThat(w.writeEvent(JournalTestEvents.close(events++))).isTrue();
            }
            assertThat(w.writeExit(1)).isTrue();
        }
        // the same segments as a JVM that is gone left them, then killed while making its next one
        long next = 0;
        for (Path f : segments(scratch)) {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(JournalFormat.ORDER);
            long gen = b.getLong(JournalFormat.H_GENERATION);
            b.putLong(JournalFormat.H_PID, dead);
            Files.write(dir.resolve(JournalFormat.segmentName(dead, gen)), b.array());
            next = Math.max(next, gen + 1);
        }
        assertThat(next).as("segments written").isGreaterThan(2);
        Files.write(dir.resolve(JournalFormat.temporaryName(dead, next)), new byte[(int) SMALL_SEGMENT]);
        byte[] halfAHeader = new byte[(int) SMALL_SEGMENT];
        System.arraycopy(JournalFormat.MAGIC, 0, halfAHeader, JournalFormat.H_MAGIC, JournalFormat.MAGIC.length);
        Files.write(dir.resolve(JournalFormat.temporaryName(dead, next + 1)), halfAHeader);

        List<JvmJournal> jvms = JvmJournal.list(dir);
        assertThat(jvms).hasSize(1);
        JvmJournal j = jvms.get(0);
        assertThat(j.pid()).isEqualTo(dead);
        assertThat(j.status()).isEqualTo(JvmJournal.Status.EXITED);
        assertThat(j.damages()).isEmpty();
        assertThat(j.entries()).hasSize(events + 1);
        assertThat(j.segments()).hasSize((int) next);
        for (Path f : segments(dir)) {
            assertThat(JvmJournal.read(f).damages()).as(f.toString()).isEmpty();
        }
    }

    @Test
    void temporaryNamesAreNoSegmentNames() {
        String name = JournalFormat.temporaryName(42, 7);
        assertThat(name).startsWith(".").doesNotEndWith(".journal");
        assertThat(JournalFormat.pidOf(Path.of(name))).isEqualTo(-1);
        assertThat(JournalFormat.pidOf(Path.of(JournalFormat.temporaryName(42, 0)))).isEqualTo(-1);
        assertThat(JournalFormat.pidOfTemporary(Path.of(name))).isEqualTo(42);
        assertThat(JournalFormat.pidOfTemporary(Path.of(JournalFormat.temporaryName(42, 0)))).isEqualTo(42);
        assertThat(JournalFormat.pidOfTemporary(Path.of(JournalFormat.segmentName(42, 7)))).isEqualTo(-1);
        assertThat(JournalFormat.pidOfTemporary(Path.of("." + JournalFormat.staleName(42, 1, 7) + ".tmp")))
                .isEqualTo(-1);
        assertThat(JournalFormat.pidOfTemporary(Path.of(".tmp"))).isEqualTo(-1);
        assertThat(JournalFormat.pidOfTemporary(Path.of("..tmp"))).isEqualTo(-1);
    }

    @Test
    void aWriterRemovesTheHalfMadeSegmentsOfAnEarlierJvmWithItsPidOnly() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("j"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path first = Files.write(dir.resolve(JournalFormat.temporaryName(PID, 0)), new byte[4096]);
        Path later = Files.write(dir.resolve(JournalFormat.temporaryName(PID, 9)), new byte[4096]);
        long other = deadPid();
        Path others = Files.write(dir.resolve(JournalFormat.temporaryName(other, 3)), new byte[4096]);
        try (JournalWriter w = JournalWriter.open(dir, false, SMALL_SEGMENT, 4, warnings::add)) {
            assertThat(first).doesNotExist();
            assertThat(later).doesNotExist();
            assertThat(others).as("another JVM's, maybe being made right now").exists();
            assertThat(w.writeEvent(JournalTestEvents.close(1))).isTrue();
            assertThat(JvmJournal.read(w.currentFile()).entries()).hasSize(1);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(w.currentFile())))
                    .isEqualTo("rw-------");
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void anOrderlyExitLeavesNoHalfMadeSegmentAndSaysNothingOfTheStandbyItGaveUp() throws Exception {
        Path dir = tmp.resolve("j");
        try (JournalWriter w = JournalWriter.open(dir, false, JournalFormat.DEFAULT_SEGMENT_BYTES, 2,
                warnings::add)) {
            // at once: the standby is most likely still being made
            assertThat(w.writeExit(1)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!temporaries(dir).isEmpty()) {
                assertThat(System.nanoTime()).as("half-made segment removed in time").isLessThan(deadline);
                new CountDownLatch(1).await(5, TimeUnit.MILLISECONDS);
            }
            for (Path f : segments(dir)) {
                assertThat(SegmentHeader.read(f).generation()).isEqualTo(generationOf(f));
            }
            assertThat(JvmJournal.read(w.currentFile()).exit()).isPresent();
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void aWatcherOfTheDirectoryNeverSeesASegmentNameWithoutItsWholeHeader() throws Exception {
        Path dir = tmp.resolve("j");
        int rolls = 300;
        List<String> unfinished = new CopyOnWriteArrayList<>();
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicLong looks = new AtomicLong();
        // a flag, not an interrupt: an interrupt closes the channel of a header being read
        AtomicBoolean stop = new AtomicBoolean();
        // attached: the flags, the header's last field, are then not 0 once written
        try (JournalWriter w = JournalWriter.open(dir, true, SMALL_SEGMENT, 4, warnings::add)) {
            Thread watcher = new Thread(() -> {
                while (!stop.get()) {
                    watch(dir, unfinished, seen);
                    looks.incrementAndGet();
                }
            }, "watcher");
            watcher.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                for (long i = 0; generationOf(w.currentFile()) < rolls; i++) {
                    while (!w.writeEvent(JournalTestEvents.close(i))) {
                        assertThat(System.nanoTime()).as("rolled %d times in time", rolls).isLessThan(deadline);
                        assertThat(w.awaitStandby(TimeUnit.SECONDS.toNanos(10))).as("standby ready").isTrue();
                    }
                }
            } finally {
                stop.set(true);
                watcher.join(TimeUnit.SECONDS.toMillis(10));
            }
            assertThat(watcher.isAlive()).isFalse();
        }
        assertThat(unfinished).isEmpty();
        assertThat(looks.get()).isGreaterThan(rolls);
        assertThat(seen.size()).as("generations the watcher read").isGreaterThan(rolls / 10);
        assertThat(warnings).isEmpty();
    }

    /** One look at every segment name of this pid in {@code dir}: each must read with its whole header. */
    private static void watch(Path dir, List<String> unfinished, Set<Long> seen) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> JournalFormat.pidOf(f) == PID && JournalFormat.isCurrentName(f)).toList();
        } catch (IOException e) {
            unfinished.add("cannot list " + dir + ": " + e);
            return;
        }
        for (Path f : files) {
            try {
                SegmentHeader h = SegmentHeader.read(f);
                if (h.generation() != generationOf(f) || h.pid() != PID || !h.attached()) {
                    unfinished.add(f + ": " + h);
                }
                seen.add(h.generation());
            } catch (JournalException e) {
                if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                    unfinished.add(e.getMessage()); // not the ring deleting it between the listing and the read
                }
            }
        }
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> JournalFormat.pidOf(f) >= 0).sorted().toList();
        }
    }

    private static List<Path> temporaries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> JournalFormat.pidOfTemporary(f) >= 0).toList();
        }
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private static long generationOf(Path segment) {
        String[] parts = segment.getFileName().toString().split("\\.");
        return parts.length == 3 ? Long.parseLong(parts[1]) : 0;
    }
}
