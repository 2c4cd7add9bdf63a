package tcptrace.source;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.source.MergedEvidenceTest.event;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.agent.event.EventKind;
import tcptrace.correlate.AppEvent;
import tcptrace.correlate.TracedJvm;
import tcptrace.journal.JournalFormat;
import tcptrace.journal.JournalWriter;
import tcptrace.testing.Await;

/**
 * A journal the live tail will not read is named once and counted with the damages, never retried in silence;
 * only a header its live writer is still putting down is tried again. Records the agent dropped are damages too.
 */
class JournalTailRefusalTest {
    private static final long NOBODY = 65534;

    @TempDir
    Path tmp;

    private final List<TracedJvm> jvms = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();

    private JournalTail tail(Path dir) {
        return new JournalTail(dir, -1, 0, new JournalTail.Listener() {
            @Override
            public void newJvm(TracedJvm jvm, boolean alive) {
                jvms.add(jvm);
            }

            @Override
            public void event(AppEvent e) {
                // the refusals are what this test follows
            }

            @Override
            public void refused(String why) {
                refusals.add(why);
            }
        });
    }

    @Test
    void aJournalOwnedByAnotherUserIsRefusedOnceAndCounted() throws Exception {
        Await.requireRoot("it gives a journal to another user");
        Path file = journalOfThisJvm(tmp.resolve("j"));
        Files.setAttribute(file, "unix:uid", (int) NOBODY);
        assertRefusedOnce(file, "owned by uid " + NOBODY);
    }

    @Test
    void aSymbolicLinkIsRefusedOnceAndCounted() throws Exception {
        Path real = journalOfThisJvm(tmp.resolve("elsewhere"));
        Path dir = Files.createDirectories(tmp.resolve("j"));
        Path link = Files.createSymbolicLink(dir.resolve(real.getFileName()), real);
        assertRefusedOnce(link, "symbolic link");
    }

    @Test
    void anotherFormatVersionIsRefusedOnceAndCounted() throws Exception {
        Path file = journalOfThisJvm(tmp.resolve("j"));
        patchHeader(file, b -> b.putInt(JournalFormat.H_VERSION, JournalFormat.VERSION + 7));
        assertRefusedOnce(file, "format version " + (JournalFormat.VERSION + 7) + " is not supported");
    }

    @Test
    void aCorruptHeaderIsRefusedOnceAndCounted() throws Exception {
        Path file = journalOfThisJvm(tmp.resolve("j"));
        patchHeader(file, b -> b.putInt(JournalFormat.H_HEADER_SIZE, 12345));
        assertRefusedOnce(file, "corrupt journal header");
    }

    @Test
    void aHeaderLeftUnwrittenByADeadWriterIsRefused() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path dir = Files.createDirectories(tmp.resolve("j"));
        Path file = Files.write(dir.resolve(JournalFormat.segmentName(p.pid(), 0)),
                new byte[JournalFormat.HEADER_SIZE]);
        assertRefusedOnce(file, "not a tcptrace journal");
    }

    @Test
    void aHeaderItsLiveWriterIsStillWritingIsTriedAgainUntilItIsComplete() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("j"));
        Path complete = journalOfThisJvm(tmp.resolve("scratch"));
        Path file = dir.resolve(complete.getFileName());
        Files.write(file, new byte[JournalFormat.HEADER_SIZE]); // zero-filled: this pid has not written it yet
        JournalTail tail = tail(dir);
        tail.poll();
        tail.poll();
        assertThat(refusals).isEmpty();
        assertThat(tail.damages()).isEmpty();
        assertThat(jvms).isEmpty();

        Files.write(file, Files.readAllBytes(complete));
        tail.poll();
        assertThat(jvms).singleElement().extracting(TracedJvm::pid).isEqualTo(ProcessHandle.current().pid());
        assertThat(refusals).isEmpty();
        assertThat(tail.damages()).isEmpty();
    }

    @Test
    void recordsTheAgentDropsWhileTailedAreDamages() throws Exception {
        Path dir = tmp.resolve("j");
        JournalTail tail = tail(dir);
        try (JournalWriter w = JournalWriter.open(dir, false, msg -> { })) {
            w.writeEvent(event(EventKind.CONNECT, 1000, "main"));
            tail.poll();
            assertThat(tail.damages()).isEmpty();
            w.close(); // every record is dropped from now on, as on a full disk
            assertThat(w.writeEvent(event(EventKind.CLOSE, 2000, "main"))).isFalse();
            assertThat(w.writeEvent(event(EventKind.CLOSE, 3000, "main"))).isFalse();
            tail.poll();
            assertThat(tail.damages()).singleElement().asString().contains("pid " + ProcessHandle.current().pid())
                    .contains("dropped 2 records (journal full)");
        }
    }

    private void assertRefusedOnce(Path file, String why) throws Exception {
        JournalTail tail = tail(file.getParent());
        for (int i = 0; i < 3; i++) {
            tail.poll();
        }
        assertThat(refusals).singleElement().asString().startsWith(file.toString()).contains(why);
        assertThat(tail.damages()).containsExactlyElementsOf(refusals);
        assertThat(jvms).isEmpty();
    }

    /**
     * A journal of this (live) JVM with one event, as the real writer leaves it, alone in {@code dir}: the writer's
     * own directory also gets the standby segment it prepares in the background.
     */
    private Path journalOfThisJvm(Path dir) throws Exception {
        Path written;
        try (JournalWriter w = JournalWriter.open(Files.createTempDirectory(tmp, "writer"), false, msg -> { })) {
            w.writeEvent(event(EventKind.CONNECT, 1000, "main"));
            written = w.currentFile();
        }
        Files.createDirectories(dir);
        return Files.copy(written, dir.resolve(written.getFileName()));
    }

    private static void patchHeader(Path file, Consumer<ByteBuffer> patch) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        patch.accept(ByteBuffer.wrap(bytes).order(JournalFormat.ORDER));
        Files.write(file, bytes);
    }
}
