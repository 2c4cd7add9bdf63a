package tcptrace.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.agent.event.SocketOptionsSnapshot;
import tcptrace.correlate.AppEvent;
import tcptrace.correlate.TracedJvm;
import tcptrace.journal.JournalFormat;
import tcptrace.journal.JournalWriter;

/**
 * The live tail keeps going while traced JVMs die mid-write and their journals appear, vanish, are replaced by
 * garbage or take the whole directory with them: it never throws, never delivers a damaged or duplicated event, and
 * still delivers every complete record it could see.
 */
class JournalTailResilienceTest {
    private static final int EVENTS_PER_JOURNAL = 20;
    private static final int STEPS = 400;
    private static final long SMALL_SEGMENT = JournalFormat.HEADER_SIZE + JournalFormat.MAX_RECORD;

    @TempDir
    Path tmp;

    private final List<SocketEvent> delivered = new ArrayList<>();
    private final Set<Long> written = new HashSet<>();
    private Path dir;
    private JournalTail tail;
    private long nextId = 1;

    @BeforeEach
    void startTail() {
        dir = tmp.resolve("journals");
        tail = new JournalTail(dir, -1, System.currentTimeMillis() - 60_000, new JournalTail.Listener() {
            @Override
            public void newJvm(TracedJvm jvm, boolean alive) {
                // the events are what this test follows
            }

            @Override
            public void event(AppEvent e) {
                delivered.add(e.event());
            }
        });
    }

    /**
     * A closed writer's thread may still be creating its standby segment: retry until the scratch directories
     * are gone, so that the temporary directory can be removed.
     */
    @AfterEach
    void removeWriterScratch() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Stream<Path> scratch = Files.list(tmp)) {
                for (Path p : scratch.filter(p -> p.getFileName().toString().startsWith("writer")).toList()) {
                    deleteTree(p);
                }
                return;
            } catch (DirectoryNotEmptyException stillWriting) {
                if (System.nanoTime() > deadline) {
                    throw stillWriting;
                }
                Thread.sleep(10);
            }
        }
    }

    @Test
    void jvmKilledMidRecordLeavesOneDamageAndEveryCompleteRecord() throws Exception {
        Files.createDirectories(dir);
        Path journal = deadJvmJournal(deadPid());
        tearRecord(journal, EVENTS_PER_JOURNAL / 2);
        tail.poll();
        assertThat(tail.damages()).hasSize(1);
        assertThat(delivered).hasSize(EVENTS_PER_JOURNAL - 1).allSatisfy(e -> assertThat(written)
                .contains(e.connectionId()));
    }

    @Test
    void journalsAppearingVanishingAndRottingNeverStopTheTail() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<Path> present = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            Files.createDirectories(dir);
            switch (random.nextInt(7)) {
                case 0, 1 -> present.add(deadJvmJournal(deadPid()));
                case 2 -> {
                    Path torn = deadJvmJournal(deadPid());
                    tearRecord(torn, random.nextInt(EVENTS_PER_JOURNAL));
                    present.add(torn);
                }
                case 3 -> {
                    if (!present.isEmpty()) {
                        Files.deleteIfExists(present.remove(random.nextInt(present.size())));
                    }
                }
                case 4 -> {
                    byte[] garbage = new byte[random.nextInt(JournalFormat.HEADER_SIZE * 2)];
                    random.nextBytes(garbage);
                    Files.write(dir.resolve(deadPid() + ".journal"), garbage);
                }
                case 5 -> Files.createSymbolicLink(dir.resolve(deadPid() + ".journal"),
                        present.isEmpty() ? tmp : present.get(0));
                default -> {
                    deleteTree(dir);
                    present.clear();
                }
            }
            tail.poll();
        }
        assertThat(delivered).as("seed %d", seed).allSatisfy(e -> assertThat(written).contains(e.connectionId()));
        assertThat(delivered.stream().map(SocketEvent::connectionId).distinct().count()).as("seed %d", seed)
                .isEqualTo(delivered.size());
        assertThat(delivered).as("seed %d", seed).isNotEmpty();
    }

    /**
     * A journal as a JVM that has since died left it: written by the real writer, then given the dead pid (name and
     * header) and a start time after the tail's, so the tail must read it.
     */
    private Path deadJvmJournal(long pid) throws IOException {
        Path scratch = Files.createTempDirectory(tmp, "writer");
        Path file;
        try (JournalWriter w = JournalWriter.open(scratch.resolve("j"), false, SMALL_SEGMENT, 2, msg -> { })) {
            for (int i = 0; i < EVENTS_PER_JOURNAL; i++) {
                long id = nextId++;
                written.add(id);
                w.writeEvent(close(id));
            }
            file = w.currentFile();
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(JournalFormat.ORDER).putLong(JournalFormat.H_PID, pid)
                .putLong(JournalFormat.H_JVM_START_MILLIS, System.currentTimeMillis());
        Path target = dir.resolve(JournalFormat.segmentName(pid, 0));
        Path staged = Files.write(tmp.resolve("staged"), bytes);
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Clears the commit mark of record {@code index}: the JVM died while writing it. */
    private static void tearRecord(Path journal, int index) throws IOException {
        byte[] bytes = Files.readAllBytes(journal);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(JournalFormat.ORDER);
        int at = JournalFormat.HEADER_SIZE;
        for (int i = 0; i < index; i++) {
            at += b.getInt(at + JournalFormat.R_LENGTH);
        }
        b.putInt(at + JournalFormat.R_COMMIT, 0);
        Files.write(journal, bytes);
    }

    private long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    /** One list for all events, as the agent shares one per place a socket is closed from. */
    private static final List<String> FRAMES = List.of("demo.Client.close(Client.java:1)");

    private static SocketEvent close(long id) {
        return new SocketEvent(EventKind.CLOSE, 1_700_000_000_000_000_000L + id, id, 1_700_000_000_000_000_000L,
                SocketApi.SOCKET, new Endpoint(new byte[] {127, 0, 0, 1}, 40000),
                new Endpoint(new byte[] {127, 0, 0, 1}, 8080), 1, "main", false, CloseActor.APP, 0, 0,
                SocketOptionsSnapshot.DEFAULTS, null, FRAMES);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> files = Files.walk(root)) {
            all = files.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
