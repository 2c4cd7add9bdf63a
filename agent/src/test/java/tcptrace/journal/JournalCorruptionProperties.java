package tcptrace.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tcptrace.agent.event.SocketEvent;

/**
 * Whatever happens to the bytes of a segment, the reader returns only records that were written, never throws. An
 * event whose STACK record was hit is still returned, without its stack, and the damage says so.
 */
class JournalCorruptionProperties {
    private static Path dir;
    private static byte[] pristine;
    private static Set<SocketEvent> written;
    private static Set<SocketEvent> writtenWithoutStacks;

    @BeforeContainer
    static void writeOnce() throws IOException {
        dir = Files.createTempDirectory("tcptrace-journal-props");
        written = new HashSet<>();
        writtenWithoutStacks = new HashSet<>();
        Path file;
        try (JournalWriter w = JournalWriter.open(dir.resolve("j"), false, JournalFormat.HEADER_SIZE
                + JournalFormat.MAX_RECORD, 2, s -> { })) {
            for (int i = 0; i < 40; i++) {
                SocketEvent e = JournalTestEvents.close(i);
                w.writeEvent(e);
                written.add(e);
                writtenWithoutStacks.add(JournalTestEvents.close(i, List.of()));
            }
            file = w.currentFile();
        }
        pristine = Files.readAllBytes(file);
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 300)
    void flippedBytesYieldOnlyWrittenRecords(
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 20_000) Integer> positions,
            @ForAll @IntRange(min = 1, max = 255) int xor) throws IOException {
        byte[] bytes = pristine.clone();
        for (int p : positions) {
            int at = JournalFormat.HEADER_SIZE + p;
            bytes[at] ^= (byte) xor;
        }
        assertOnlyWrittenRecords(bytes);
    }

    @Property(tries = 200)
    void truncationYieldsOnlyWrittenRecords(@ForAll @IntRange(min = 0, max = 24_000) int length) throws IOException {
        byte[] bytes = new byte[Math.min(length, pristine.length)];
        System.arraycopy(pristine, 0, bytes, 0, bytes.length);
        assertOnlyWrittenRecords(bytes);
    }

    private static void assertOnlyWrittenRecords(byte[] bytes) throws IOException {
        Path f = Files.createTempFile(dir, "seg", ".journal");
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.write(bytes);
        }
        try {
            SegmentCursor c = SegmentCursor.open(f);
            List<SocketEvent> read = new ArrayList<>();
            c.poll(false, e -> read.add(((JournalEntry.Event) e).event()));
            for (SocketEvent e : read) {
                if (!written.contains(e)) {
                    assertThat(writtenWithoutStacks).contains(e);
                    assertThat(c.damages()).anySatisfy(d -> assertThat(d.what()).contains("without its stack"));
                }
            }
        } catch (JournalException refusedHeader) {
            assertThat(refusedHeader.getMessage()).doesNotContain("\n");
        } finally {
            Files.delete(f);
        }
    }
}
