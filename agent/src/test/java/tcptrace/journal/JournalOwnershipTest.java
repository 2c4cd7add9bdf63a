package tcptrace.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracer often runs as root: it must not be led by a symbolic link to read another file, nor trust a segment
 * that the traced JVM's user did not write.
 */
class JournalOwnershipTest {
    private static final int NOBODY = 65534;

    @TempDir
    Path tmp;

    /**
     * A segment alone in the directory "j": copied out of the writer's own directory, where the writer's thread may
     * still be preparing a standby segment after the close.
     */
    private Path writeJournal() throws Exception {
        Path written;
        try (JournalWriter w = JournalWriter.open(tmp.resolve("writer"), false, s -> { })) {
            w.writeEvent(JournalTestEvents.close(1));
            written = w.currentFile();
        }
        Path dir = Files.createDirectory(tmp.resolve("j"));
        return Files.copy(written, dir.resolve(written.getFileName()));
    }

    @Test
    void symbolicLinkToASegmentIsNotFollowed() throws Exception {
        Path segment = writeJournal();
        Path link = Files.createSymbolicLink(tmp.resolve("j").resolve("4242.journal"), segment);
        assertThatThrownBy(() -> SegmentHeader.read(link)).isInstanceOf(JournalException.class)
                .hasMessageStartingWith(link + ": cannot read journal").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> SegmentCursor.open(link)).isInstanceOf(JournalException.class);
        assertThat(JvmJournal.list(tmp.resolve("j"))).singleElement()
                .satisfies(j -> assertThat(j.pid()).isEqualTo(ProcessHandle.current().pid()));
    }

    @Test
    void segmentOwnedByAnotherUserIsRefused() throws Exception {
        Path segment = writeJournal();
        Files.setAttribute(segment, "unix:uid", NOBODY);
        assertThat(Files.getAttribute(segment, "unix:uid")).as("this test chowns a file and needs root")
                .isEqualTo(NOBODY);
        assertThatThrownBy(() -> SegmentHeader.read(segment)).isInstanceOf(JournalException.class)
                .hasMessage(segment + ": owned by uid " + NOBODY + " but written for uid "
                        + JournalDirectory.currentUid() + "; refusing it");
        assertThatThrownBy(() -> JvmJournal.read(segment)).isInstanceOf(JournalException.class);
        assertThat(JvmJournal.list(tmp.resolve("j"))).isEmpty();
    }
}
