package tcptrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.journal.JournalFormat;
import tcptrace.journal.JvmJournal;
import tcptrace.testapp.GatedChurn;

/**
 * A journal that is full, on a full disk, deleted under the running JVM, or switched off: the application's output
 * and exit code are those of a run without the agent, and the loss is counted and said at most once.
 */
class JournalFaultsIT {
    private static final int CONNECTIONS = Reliability.soak() ? 20_000 : 1_500;
    private static final long TINY_SEGMENT = JournalFormat.HEADER_SIZE + JournalFormat.MAX_RECORD;
    private static final String STARTED = "tcptrace: tracing TCP sockets";
    private static final String SEGMENT_FAILED = "tcptrace: journal segment ";

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;
    private static Run baseline;

    private record Run(int exit, List<String> stdout, List<String> stderr) {
    }

    @BeforeAll
    static void runWithoutAgent() throws Exception {
        baseline = run(shared, List.of(), child -> { });
        assertThat(baseline.exit).as("stderr %s", baseline.stderr).isEqualTo(7);
        assertThat(baseline.stdout).containsExactly("ready", baseline.stdout.get(1));
        assertThat(baseline.stderr).isEmpty();
    }

    @Test
    void fullRingOfTinySegmentsStaysInItsBoundAndReadsClean() throws Exception {
        Path dir = tmp.resolve("journal");
        Run with = run(List.of(agent("journal=" + dir), "-D" + AgentRuntime.SEGMENT_BYTES_PROPERTY + "="
                + TINY_SEGMENT, "-D" + AgentRuntime.SEGMENTS_PROPERTY + "=2"), child -> { });
        assertSameAsBaseline(with);
        assertThat(with.stderr).singleElement().asString().startsWith(STARTED);
        assertThat(JournalEvents.diskBytes(dir)).isLessThanOrEqualTo(2 * TINY_SEGMENT);
        JvmJournal j = JournalEvents.only(dir);
        assertThat(j.segments().get(0).generation()).as("the ring went round").isPositive();
        assertThat(j.damages()).isEmpty();
        assertThat(j.status()).isEqualTo(JvmJournal.Status.EXITED);
        assertThat(j.exit()).hasValueSatisfying(x -> assertThat(x.droppedRecords()).isEqualTo(j.droppedRecords()));
        Reliability.record("faults.tinySegments.generations", j.segments().get(j.segments().size() - 1)
                .generation() + 1);
        Reliability.record("faults.tinySegments.dropped", j.droppedRecords());
    }

    @Test
    void fullDiskDropsAndCountsAndWarnsOnce() throws Exception {
        Path mount = tmp.resolve("small-disk");
        Files.createDirectories(mount);
        Tmpfs.mount(mount, "1m");
        try {
            Path dir = mount.resolve("journal");
            Run with = run(List.of(agent("journal=" + dir), "-D" + AgentRuntime.SEGMENT_BYTES_PROPERTY + "="
                    + (256 << 10), "-D" + AgentRuntime.SEGMENTS_PROPERTY + "=16"), child -> { });
            assertSameAsBaseline(with);
            assertThat(with.stderr.get(0)).startsWith(STARTED);
            assertThat(with.stderr.subList(1, with.stderr.size())).hasSize(1)
                    .allMatch(l -> l.startsWith(SEGMENT_FAILED) && l.contains("events are dropped and counted"));
            JvmJournal j = JournalEvents.only(dir);
            assertThat(j.droppedRecords()).isPositive();
            assertThat(j.damages()).isEmpty();
            assertThat(j.status()).as("an orderly exit, even with no room for its record")
                    .isEqualTo(JvmJournal.Status.EXITED);
            Reliability.record("faults.diskFull.dropped", j.droppedRecords());
        } finally {
            Tmpfs.unmount(mount);
        }
    }

    @Test
    void journalDirectoryDeletedWhileRunningCostsOneLine() throws Exception {
        Path dir = tmp.resolve("journal");
        // the journal opens beside the application's start: deleted once it is open (its start-up line), not before
        Run with = run(List.of(agent("journal=" + dir), "-D" + AgentRuntime.SEGMENT_BYTES_PROPERTY + "="
                + TINY_SEGMENT), child -> {
                    child.awaitStderrLine(STARTED);
                    deleteTree(dir);
                });
        assertSameAsBaseline(with);
        assertThat(with.stderr.get(0)).startsWith(STARTED);
        assertThat(with.stderr.subList(1, with.stderr.size())).hasSize(1).allMatch(l -> l.startsWith(SEGMENT_FAILED));
    }

    @Test
    void jfrOffAndJournalOffChangeNothingForTheApplication() throws Exception {
        Path dir = tmp.resolve("journal");
        Run jfrOff = run(List.of(agent("journal=" + dir + ",off=jfr")), child -> { });
        assertSameAsBaseline(jfrOff);
        assertThat(jfrOff.stderr).singleElement().asString().startsWith(STARTED);
        assertThat(JournalEvents.only(dir).status()).isEqualTo(JvmJournal.Status.EXITED);

        Path none = tmp.resolve("no-journal");
        Run journalOff = run(List.of(agent("journal=" + none + ",off=journal")), child -> { });
        assertSameAsBaseline(journalOff);
        assertThat(journalOff.stderr).containsExactly(STARTED);
        assertThat(none).doesNotExist();

        Run bothOff = run(List.of(agent("journal=" + none + ",off=journal,off=jfr")), child -> { });
        assertSameAsBaseline(bothOff);
        assertThat(bothOff.stderr).containsExactly(STARTED);
    }

    private void assertSameAsBaseline(Run with) {
        assertThat(with.exit).as("stderr %s", with.stderr).isEqualTo(baseline.exit);
        assertThat(with.stdout).isEqualTo(baseline.stdout);
    }

    private static String agent(String options) {
        return "-javaagent:" + ChildJvm.agentJar() + "=" + options;
    }

    private interface Fault {
        void inject(ChildJvm child) throws IOException, InterruptedException;
    }

    private Run run(List<String> jvmOptions, Fault fault) throws Exception {
        return run(tmp, jvmOptions, fault);
    }

    private static Run run(Path workDir, List<String> jvmOptions, Fault fault) throws Exception {
        try (ChildJvm child = ChildJvm.start(System.getProperty("java.home"), workDir, jvmOptions, GatedChurn.class,
                String.valueOf(CONNECTIONS))) {
            child.awaitLine("ready");
            fault.inject(child);
            child.sendLine("go");
            int exit = child.awaitExit();
            return new Run(exit, child.stdout(), child.stderr());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(all::add);
        }
        for (Path p : all) {
            Files.delete(p);
        }
        assertThat(dir).doesNotExist();
    }
}
