package tcptrace.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentCursorTest {
    @TempDir
    Path tmp;

    /** Writes three events and returns the segment with the offsets of its records. */
    private Path threeEvents(List<Long> offsets) throws IOException {
        try (JournalWriter w = JournalWriter.open(tmp.resolve("j"), false, s -> { })) {
            for (int i = 1; i <= 3; i++) {
                w.writeEvent(JournalTestEvents.close(i));
            }
            SegmentCursor c = SegmentCursor.open(w.currentFile());
            c.poll(false, e -> offsets.add(e.offset()));
            return w.currentFile();
        }
    }

    private static List<Long> ids(SegmentCursor c, boolean alive) {
        List<Long> ids = new ArrayList<>();
        c.poll(alive, e -> ids.add(((JournalEntry.Event) e).event().connectionId()));
        return ids;
    }

    private static void poke(Path file, long at, int value) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            f.write(new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
        }
    }

    @Test
    void liveCursorWaitsAtARecordStillBeingWritten() throws IOException {
        List<Long> offsets = new ArrayList<>();
        Path f = threeEvents(offsets);
        poke(f, offsets.get(1) + JournalFormat.R_COMMIT, 0);
        SegmentCursor c = SegmentCursor.open(f);
        assertThat(ids(c, true)).containsExactly(1L);
        assertThat(c.position()).isEqualTo(offsets.get(1));
        assertThat(c.damages()).isEmpty();
    }

    @Test
    void tornRecordOfADeadWriterIsSkippedAndReported() throws IOException {
        List<Long> offsets = new ArrayList<>();
        Path f = threeEvents(offsets);
        poke(f, offsets.get(1) + JournalFormat.R_COMMIT, 0);
        SegmentCursor c = SegmentCursor.open(f);
        assertThat(ids(c, false)).containsExactly(1L, 3L);
        assertThat(c.damages()).singleElement().satisfies(d -> {
            assertThat(d.offset()).isEqualTo(offsets.get(1));
            assertThat(d.what()).contains("torn");
        });
    }

    @Test
    void aRecordTornAfterTheExitRecordIsSaidToBeCutByTheHalt() throws IOException {
        Path f;
        List<Long> offsets = new ArrayList<>();
        try (JournalWriter w = JournalWriter.open(tmp.resolve("j"), false, s -> { })) {
            w.writeEvent(JournalTestEvents.close(1));
            w.writeExit(7);
            w.writeEvent(JournalTestEvents.close(2));
            f = w.currentFile();
            SegmentCursor.open(f).poll(false, e -> offsets.add(e.offset()));
        }
        poke(f, offsets.get(2) + JournalFormat.R_COMMIT, 0);
        SegmentCursor c = SegmentCursor.open(f);
        c.poll(false, e -> { });
        assertThat(c.damages()).singleElement().satisfies(d -> assertThat(d.what()).isEqualTo(
                SegmentCursor.TORN_BY_HALT));
    }

    @Test
    void unwrittenReservationIsSteppedOverByScanning() throws IOException {
        List<Long> offsets = new ArrayList<>();
        Path f = threeEvents(offsets);
        // the writer died after reserving the space of record 2 and before storing anything in it
        int len = (int) (offsets.get(2) - offsets.get(1));
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.seek(offsets.get(1));
            r.write(new byte[len]);
        }
        SegmentCursor c = SegmentCursor.open(f);
        assertThat(ids(c, false)).containsExactly(1L, 3L);
        assertThat(c.damages()).singleElement().satisfies(d -> assertThat(d.what()).contains("unwritten"));
    }

    @Test
    void flippedBodyByteFailsTheCrc() throws IOException {
        List<Long> offsets = new ArrayList<>();
        Path f = threeEvents(offsets);
        poke(f, offsets.get(0) + JournalFormat.R_BODY + 4, 0x5a5a5a5a);
        SegmentCursor c = SegmentCursor.open(f);
        assertThat(ids(c, false)).containsExactly(2L, 3L);
        assertThat(c.damages()).singleElement().satisfies(d -> assertThat(d.what()).contains("CRC32C"));
    }

    @Test
    void corruptLengthIsReportedAndLaterRecordsFound() throws IOException {
        List<Long> offsets = new ArrayList<>();
        Path f = threeEvents(offsets);
        poke(f, offsets.get(0) + JournalFormat.R_LENGTH, 13);
        SegmentCursor c = SegmentCursor.open(f);
        assertThat(ids(c, false)).containsExactly(2L, 3L);
        assertThat(c.damages()).singleElement().satisfies(d -> {
            assertThat(d.offset()).isEqualTo(offsets.get(0));
            assertThat(d.what()).contains("length 13");
        });
    }

    @Test
    void truncatedFileKeepsTheCompleteRecords() throws IOException {
        List<Long> offsets = new ArrayList<>();
        Path f = threeEvents(offsets);
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(offsets.get(2) + 10);
        }
        SegmentCursor c = SegmentCursor.open(f);
        assertThat(ids(c, false)).containsExactly(1L, 2L);
    }

    @Test
    void cursorResumesWhereItStopped() throws IOException {
        try (JournalWriter w = JournalWriter.open(tmp.resolve("j"), false, s -> { })) {
            w.writeEvent(JournalTestEvents.close(1));
            SegmentCursor c = SegmentCursor.open(w.currentFile());
            assertThat(ids(c, true)).containsExactly(1L);
            assertThat(ids(c, true)).isEmpty();
            w.writeEvent(JournalTestEvents.close(2));
            assertThat(ids(c, true)).containsExactly(2L);
        }
    }

    @Test
    void refusesAJournalOwnedByAnotherUser() throws IOException {
        List<Long> offsets = new ArrayList<>();
        Path f = threeEvents(offsets);
        Files.setAttribute(f, "unix:uid", 4242);
        assertThatThrownBy(() -> SegmentCursor.open(f)).isInstanceOf(JournalException.class)
                .hasMessageContaining("owned by uid 4242").hasMessageContaining("refusing");
    }

    @Test
    void notAJournalIsOneClearLine() throws IOException {
        Path junk = Files.writeString(tmp.resolve("1.journal"), "hello, this is not a journal at all......"
                + "................................................................................");
        assertThatThrownBy(() -> SegmentCursor.open(junk)).isInstanceOf(JournalException.class)
                .hasMessage(junk + ": not a tcptrace journal (bad magic)");
        Path tiny = Files.write(tmp.resolve("2.journal"), new byte[3]);
        assertThatThrownBy(() -> SegmentCursor.open(tiny)).hasMessageContaining("not a tcptrace journal");
        assertThatThrownBy(() -> SegmentCursor.open(tmp.resolve("missing.journal")))
                .hasMessageContaining("no such journal file");
    }
}
