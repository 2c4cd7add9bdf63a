package tcptrace.source;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.source.MergedEvidenceTest.event;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.agent.event.EventKind;
import tcptrace.correlate.AppEvent;
import tcptrace.correlate.TracedJvm;
import tcptrace.journal.JournalFormat;
import tcptrace.journal.JournalWriter;

/**
 * How the live tail finds the journals of a directory while JVMs start, rotate and die around it: a journal that
 * appears after the tail's first look is read from its start however old its JVM; only one already there and gone
 * well before the tail started is the past; a JVM is announced with every segment it has at that moment; a segment
 * header its live writer has not finished is looked at again, not taken as it reads; a dead writer's journal is read
 * to its end once; a name freed by a dead JVM is followed again when a new JVM takes it.
 */
class JournalTailDiscoveryTest {
    private static final long SMALL_SEGMENT = JournalFormat.HEADER_SIZE + JournalFormat.MAX_RECORD;
    /** The segments with records each test JVM has, its standby after them. */
    private static final int WRITTEN_SEGMENTS = 3;

    @TempDir
    Path tmp;

    private final List<Process> writers = new ArrayList<>();
    private final List<TracedJvm> announced = new ArrayList<>();
    private final List<Boolean> announcedAlive = new ArrayList<>();
    private final List<AppEvent> events = new ArrayList<>();
    /** Events delivered for a JVM the listener had already been told is gone, as the live trace marks one. */
    private final List<AppEvent> afterGone = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();
    private JournalTail tail;
    private long nextNanos = 1;

    @AfterEach
    void stopWriters() throws Exception {
        for (Process p : writers) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A tail whose listener does what the live trace does: a JVM announced as gone is drained and marked gone. */
    private JournalTail tail(Path dir, long sinceMillis) {
        tail = new JournalTail(dir, -1, sinceMillis, new JournalTail.Listener() {
            @Override
            public void newJvm(TracedJvm jvm, boolean alive) {
                announced.add(jvm);
                announcedAlive.add(alive);
                if (!alive) {
                    tail.drain(jvm.pid());
                    jvm.gone(0);
                }
            }

            @Override
            public void event(AppEvent e) {
                events.add(e);
                if (e.jvm().state() != TracedJvm.State.RUNNING) {
                    afterGone.add(e);
                }
            }

            @Override
            public void refused(String why) {
                refusals.add(why);
            }
        });
        return tail;
    }

    @Test
    void aJournalThatAppearsAfterTheFirstLookIsReadFromItsStartHoweverOldItsJvm() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("j"));
        long now = System.currentTimeMillis();
        JournalTail t = tail(dir, now);
        t.poll();
        // a JVM started an hour ago that got its agent by attach, wrote, and died between two polls
        Jvm jvm = Jvm.dead(this, now - 3_600_000);
        jvm.placeAll(dir);
        t.poll();
        assertThat(announced).singleElement().extracting(TracedJvm::pid).isEqualTo(jvm.pid);
        assertThat(announcedAlive).containsExactly(false);
        assertThat(nanos(events)).containsExactlyElementsOf(jvm.written);
        assertThat(afterGone).isEmpty();
        assertThat(t.damages()).isEmpty();
    }

    @Test
    void onlyAJournalOfTheFirstLookGoneWellBeforeTheTailStartedIsThePast() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("j"));
        long now = System.currentTimeMillis();
        Jvm past = Jvm.dead(this, now - 60_000);
        past.placeAll(dir);
        Jvm justBefore = Jvm.dead(this, now - 1_000); // /proc start times are rounded: this may be this capture's
        justBefore.placeAll(dir);
        JournalTail t = tail(dir, now);
        t.poll();
        t.poll();
        assertThat(announced).extracting(TracedJvm::pid).containsExactly(justBefore.pid);
        assertThat(nanos(events)).containsExactlyElementsOf(justBefore.written);
        assertThat(refusals).isEmpty();
    }

    @Test
    void aJvmIsAnnouncedWithEverySegmentItHasReadInWritingOrder() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("j"));
        Jvm jvm = Jvm.dead(this, System.currentTimeMillis());
        assertThat(jvm.segments.keySet()).as("names that do not sort in generation order").containsExactly(0L, 1L, 2L,
                3L);
        jvm.placeAll(dir);
        JournalTail t = tail(dir, 0);
        t.poll();
        assertThat(announced).hasSize(1);
        assertThat(afterGone).as("events read after the JVM was drained and called gone").isEmpty();
        assertThat(nanos(events)).containsExactlyElementsOf(jvm.written);
    }

    @Test
    void aSegmentHeaderNotFinishedYetIsLookedAtAgainAndJoinsItsJvmInGenerationOrder() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("j"));
        Jvm jvm = Jvm.live(this);
        JournalTail t = tail(dir, System.currentTimeMillis());
        t.poll();
        jvm.place(dir, 0);
        // the writer has put down all of the standby's header but its generation, and no record yet
        jvm.placeEmpty(dir, 1, b -> b.putLong(JournalFormat.H_GENERATION, 0));
        t.poll();
        assertThat(announced).singleElement().extracting(TracedJvm::pid).isEqualTo(jvm.pid);
        assertThat(announcedAlive).containsExactly(true);
        assertThat(nanos(events)).as("segment 0 only, not the standby read as another segment 0")
                .containsExactlyElementsOf(jvm.writtenIn(0));
        jvm.place(dir, 1);
        // and the next one, zero-filled before its header is written
        Files.write(dir.resolve(JournalFormat.segmentName(jvm.pid, 2)), new byte[JournalFormat.HEADER_SIZE]);
        t.poll();
        jvm.place(dir, 2);
        t.poll();
        jvm.place(dir, WRITTEN_SEGMENTS); // the standby
        t.poll();
        assertThat(announced).hasSize(1);
        assertThat(nanos(events)).containsExactlyElementsOf(jvm.written);
        assertThat(refusals).isEmpty();
        assertThat(t.damages()).isEmpty();
    }

    @Test
    void aHeaderThatCanNoLongerBeFinishedIsRefusedOnce() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("j"));
        Jvm jvm = Jvm.live(this);
        JournalTail t = tail(dir, System.currentTimeMillis());
        jvm.place(dir, 0);
        jvm.placeEmpty(dir, 1, b -> b.putLong(JournalFormat.H_GENERATION, 0));
        t.poll();
        assertThat(refusals).isEmpty();
        jvm.die();
        t.poll();
        t.poll();
        assertThat(refusals).singleElement().asString().startsWith(dir.resolve(JournalFormat.segmentName(jvm.pid, 1))
                .toString()).contains("corrupt journal header");
        assertThat(announced).as("its other segment is still its JVM's evidence").hasSize(1);
    }

    @Test
    void aSegmentItsWriterWasStillMakingWhenKilledIsNeitherReadNorRefused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("j"));
        Jvm jvm = Jvm.live(this);
        JournalTail t = tail(dir, System.currentTimeMillis());
        t.poll();
        for (long gen = 0; gen < WRITTEN_SEGMENTS; gen++) {
            jvm.place(dir, gen);
        }
        // the writer is zero-filling its next segment, under the name it makes segments under
        Path making = Files.write(dir.resolve(JournalFormat.temporaryName(jvm.pid, WRITTEN_SEGMENTS)),
                new byte[JournalFormat.HEADER_SIZE]);
        t.poll();
        assertThat(announced).singleElement().extracting(TracedJvm::pid).isEqualTo(jvm.pid);
        jvm.die(); // and is killed before it is done
        t.poll();
        t.drain(jvm.pid);
        t.poll();
        assertThat(making).exists();
        assertThat(nanos(events)).containsExactlyElementsOf(jvm.written);
        assertThat(refusals).isEmpty();
        assertThat(t.damages()).isEmpty();
    }

    @Test
    void aWriterThatDiesIsReadToTheEndOnceAndNeverAgain() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("j"));
        Jvm jvm = Jvm.live(this);
        long last = WRITTEN_SEGMENTS - 1;
        // its last record not written yet: kept aside
        byte[] full = jvm.segments.get(last).clone();
        int lastRecord = jvm.lastRecordOffset(last);
        Arrays.fill(jvm.segments.get(last), lastRecord, full.length, (byte) 0);
        jvm.placeAll(dir);
        JournalTail t = tail(dir, System.currentTimeMillis());
        t.poll();
        assertThat(announcedAlive).containsExactly(true);
        assertThat(nanos(events)).containsExactlyElementsOf(jvm.written.subList(0, jvm.written.size() - 1));

        jvm.die();
        t.poll();
        t.drain(jvm.pid);
        int read = events.size();
        // bytes that turn up in a dead writer's segment later are no record of it: it is not scanned again
        Path file = dir.resolve(JournalFormat.segmentName(jvm.pid, last));
        Files.write(file, full);
        t.poll();
        t.drain(jvm.pid);
        assertThat(events).hasSize(read);
        assertThat(t.damages()).isEmpty();
    }

    @Test
    void aNameADeadJvmLeftIsFollowedAgainWhenANewJvmWithItsPidTakesIt() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("j"));
        long now = System.currentTimeMillis();
        Jvm old = Jvm.dead(this, now - 60_000);
        old.placeAll(dir);
        JournalTail t = tail(dir, now);
        t.poll();
        assertThat(announced).as("a JVM of the past").isEmpty();

        // its pid is reused: the new JVM's writer sets the old segments aside and writes its own under the same names
        Jvm reused = Jvm.dead(this, now + 1_000, old.pid);
        for (long gen : old.segments.keySet()) {
            Path f = dir.resolve(JournalFormat.segmentName(old.pid, gen));
            Files.move(f, dir.resolve(JournalFormat.staleName(old.pid, old.startMillis, gen)));
        }
        reused.placeAll(dir);
        t.poll();
        assertThat(announced).singleElement().extracting(TracedJvm::pid).isEqualTo(old.pid);
        assertThat(nanos(events)).containsExactlyElementsOf(reused.written);

        // and once more, now that the name was followed and its JVM is gone
        Jvm third = Jvm.dead(this, now + 2_000, old.pid);
        for (long gen : reused.segments.keySet()) {
            Path f = dir.resolve(JournalFormat.segmentName(old.pid, gen));
            Files.move(f, dir.resolve(JournalFormat.staleName(old.pid, reused.startMillis, gen)));
        }
        third.placeAll(dir);
        t.poll();
        assertThat(announced).hasSize(2);
        List<Long> both = new ArrayList<>(reused.written);
        both.addAll(third.written);
        assertThat(nanos(events)).containsExactlyElementsOf(both);
    }

    private static List<Long> nanos(List<AppEvent> events) {
        return events.stream().map(e -> e.event().epochNanos()).toList();
    }

    /**
     * The segments of one JVM as the real writer made them (three full ones and its standby), given the pid and
     * start time of a writer process of the test's: one that is gone, or a live one the test kills.
     */
    private static final class Jvm {
        final long pid;
        final long startMillis;
        final TreeMap<Long, byte[]> segments = new TreeMap<>();
        final List<Long> written = new ArrayList<>();
        private final Map<Long, List<Long>> byGeneration = new HashMap<>();
        private final Process process;

        private Jvm(JournalTailDiscoveryTest test, long pid, long startMillis, Process process) throws Exception {
            this.pid = pid;
            this.startMillis = startMillis;
            this.process = process;
            Path scratch = Files.createTempDirectory(test.tmp, "writer");
            try (JournalWriter w = JournalWriter.open(scratch, false, SMALL_SEGMENT, 16, msg -> { })) {
                Path lastWritten = scratch.resolve(JournalFormat.segmentName(ProcessHandle.current().pid(),
                        WRITTEN_SEGMENTS - 1));
                for (int inLast = 0; inLast < 10; ) {
                    assertThat(w.awaitStandby(TimeUnit.SECONDS.toNanos(10))).isTrue();
                    long t = test.nextNanos++;
                    assertThat(w.writeEvent(event(EventKind.OPTIONS, t, "main"))).isTrue();
                    written.add(t);
                    byGeneration.computeIfAbsent(generationOf(w.currentFile()),
                            g -> new ArrayList<>()).add(t);
                    inLast += w.currentFile().equals(lastWritten) ? 1 : 0;
                }
                assertThat(w.awaitStandby(TimeUnit.SECONDS.toNanos(10))).isTrue();
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(scratch)) {
                files = s.toList();
            }
            for (Path f : files) {
                ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(JournalFormat.ORDER);
                b.putLong(JournalFormat.H_PID, pid).putLong(JournalFormat.H_JVM_START_MILLIS, startMillis);
                segments.put(b.getLong(JournalFormat.H_GENERATION), b.array());
            }
        }

        static Jvm dead(JournalTailDiscoveryTest test, long startMillis) throws Exception {
            return dead(test, startMillis, deadPid());
        }

        static Jvm dead(JournalTailDiscoveryTest test, long startMillis, long pid) throws Exception {
            return new Jvm(test, pid, startMillis, null);
        }

        /** A writer that runs until {@link #die}: a process of the test's, whose pid and start the headers name. */
        static Jvm live(JournalTailDiscoveryTest test) throws Exception {
            Process p = new ProcessBuilder("sleep", "600").start();
            test.writers.add(p);
            long start = p.info().startInstant().orElseThrow().toEpochMilli();
            return new Jvm(test, p.pid(), start, p);
        }

        void die() throws Exception {
            process.destroyForcibly();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        void placeAll(Path dir) throws IOException {
            for (long gen : segments.keySet()) {
                place(dir, gen);
            }
        }

        void place(Path dir, long gen) throws IOException {
            place(dir, gen, b -> { });
        }

        /** Puts the segment in place in one step (as a rename would), with {@code edit} made to its header. */
        void place(Path dir, long gen, Consumer<ByteBuffer> edit) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(segments.get(gen).clone()).order(JournalFormat.ORDER);
            edit.accept(b);
            Path staged = Files.write(dir.resolveSibling("staged"), b.array());
            Files.move(staged, dir.resolve(JournalFormat.segmentName(pid, gen)), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }

        /** Segment {@code gen}'s header alone, as its writer starts it, with {@code edit} made to it. */
        void placeEmpty(Path dir, long gen, Consumer<ByteBuffer> edit) throws IOException {
            byte[] empty = new byte[segments.get(gen).length];
            System.arraycopy(segments.get(gen), 0, empty, 0, JournalFormat.HEADER_SIZE);
            ByteBuffer b = ByteBuffer.wrap(empty).order(JournalFormat.ORDER);
            edit.accept(b);
            Path staged = Files.write(dir.resolveSibling("staged"), b.array());
            Files.move(staged, dir.resolve(JournalFormat.segmentName(pid, gen)), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }

        /** The events written into segment {@code gen}. */
        List<Long> writtenIn(long gen) {
            return byGeneration.get(gen);
        }

        /** Where the last record of segment {@code gen} starts. */
        int lastRecordOffset(long gen) {
            ByteBuffer b = ByteBuffer.wrap(segments.get(gen)).order(JournalFormat.ORDER);
            int at = JournalFormat.HEADER_SIZE;
            int last = -1;
            while (at + JournalFormat.RECORD_HEADER <= b.capacity() && b.getInt(at + JournalFormat.R_LENGTH) != 0) {
                last = at;
                at += b.getInt(at + JournalFormat.R_LENGTH);
            }
            return last;
        }

        private static long generationOf(Path segment) {
            String[] parts = segment.getFileName().toString().split("\\.");
            return parts.length == 3 ? Long.parseLong(parts[1]) : 0;
        }

        private static long deadPid() throws Exception {
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            return p.pid();
        }
    }
}
