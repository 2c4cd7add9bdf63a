package tcptrace.postmortem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.InputException;
import tcptrace.capture.CaptureSet;
import tcptrace.journal.JournalFormat;
import tcptrace.report.JsonLinesReport;
import tcptrace.source.MergedEvidence;

class PostMortemInputsTest {
    private static final int CONNECTIONS = 1_000;

    @TempDir
    Path tmp;

    private final ClosingClients clients = new ClosingClients(CONNECTIONS);
    /** The journal of {@link #reference()}, in one segment. */
    private Path journal;

    /** The verdict records of a run over these captures and journals, one JSON line each. */
    static List<String> verdicts(List<Path> pcaps, List<Path> journals) throws InputException {
        StringWriter out = new StringWriter();
        PostMortem.Outcome outcome = run(pcaps, journals, out);
        assertThat(outcome.damagedCapture()).isNull();
        return out.toString().lines().filter(l -> l.startsWith("{\"verdict\"")).toList();
    }

    private static PostMortem.Outcome run(List<Path> pcaps, List<Path> journals, StringWriter out)
            throws InputException {
        PostMortem run = new PostMortem(CaptureSet.of(pcaps), MergedEvidence.open(journals, List.of()),
                new ReportNeeds(false, false, false), null);
        return run.run(segments -> new JsonLinesReport(new PrintWriter(out), false));
    }

    private List<String> reference() throws Exception {
        Path pcap = tmp.resolve("one.pcap");
        clients.writeCapture(List.of(pcap));
        journal = clients.writeJournal(tmp.resolve("one-journal"), 64L << 20);
        List<String> v = verdicts(List.of(pcap), List.of(journal));
        assertThat(v).hasSize(2 * CONNECTIONS);
        assertThat(v).filteredOn(l -> l.contains("\"APP_CLOSE\"")).hasSize(CONNECTIONS);
        assertThat(v).filteredOn(l -> l.contains("\"PEER_CLOSE\"")).hasSize(CONNECTIONS);
        return v;
    }

    @Test
    void rotatedSetInADirectoryReadsAsOneCaptureInTheOrderOfItsPackets() throws Exception {
        List<String> expected = reference();
        Path dir = Files.createDirectory(tmp.resolve("rotated"));
        // names whose order is not the time order, as strftime names of another locale or a renamed set may be
        clients.writeCapture(List.of(dir.resolve("c.pcap2"), dir.resolve("c.pcap10"), dir.resolve("c.pcap1")));
        Path journal = clients.writeJournal(tmp.resolve("rotated-journal"), 64L << 20);

        assertThat(verdicts(List.of(dir), List.of(journal))).containsExactlyElementsOf(expected);
        assertThat(CaptureSet.of(List.of(dir)).files()).extracting(p -> p.getFileName().toString())
                .containsExactly("c.pcap2", "c.pcap10", "c.pcap1");
    }

    @Test
    void connectionsSpanningManyJournalSegmentsGetTheVerdictsOfOneSegment() throws Exception {
        List<String> expected = reference();
        Path pcap = tmp.resolve("one.pcap");
        Path dir = tmp.resolve("segmented");
        clients.writeJournal(dir, ClosingClients.smallSegments());
        try (var files = Files.list(dir)) {
            assertThat(files.count()).as("segments").isGreaterThan(3);
        }

        List<Path> everyJournal;
        try (var files = Files.list(dir)) {
            // not a standby the writer gave up at its exit
            everyJournal = files.filter(f -> JournalFormat.pidOf(f) >= 0).sorted().toList();
        }
        assertThat(verdicts(List.of(pcap), everyJournal)).containsExactlyElementsOf(expected);
    }

    @Test
    void pcapngWrittenByTsharkGivesTheVerdictsOfThePcap() throws Exception {
        List<String> expected = reference();
        Path pcapng = tmp.resolve("tshark.pcapng");
        Process tshark = new ProcessBuilder("tshark", "-F", "pcapng", "-r", tmp.resolve("one.pcap").toString(), "-w",
                pcapng.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("tshark.log").toFile()).start();
        assertThat(tshark.waitFor(2, TimeUnit.MINUTES)).as("tshark finished").isTrue();
        assertThat(tshark.exitValue()).as(Files.readString(tmp.resolve("tshark.log"))).isZero();

        assertThat(verdicts(List.of(pcapng), List.of(journal))).containsExactlyElementsOf(expected);
    }

    @Test
    void overlappingFilesAreNotOneCapture() throws Exception {
        Path a = tmp.resolve("a.pcap");
        Path b = tmp.resolve("b.pcap");
        clients.writeCapture(List.of(a));
        new ClosingClients(CONNECTIONS / 2).writeCapture(List.of(b));

        // found once the second file's first packet comes: what came before is reported, then the run fails
        PostMortem.Outcome outcome = run(List.of(a, b), List.of(), new StringWriter());
        assertThat(outcome.damagedCapture()).hasMessage(b + ": starts before " + a + " ends; the files overlap in "
                + "time, so they are not one capture taken in turn");
    }

    @Test
    void anEmptyDirectoryIsOneClearError() throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertThatThrownBy(() -> CaptureSet.of(List.of(empty))).isInstanceOf(InputException.class)
                .hasMessage(empty + ": an empty directory (no capture files in it)");
    }

    @Test
    void aFileInTheDirectoryThatIsNoCaptureIsNamed() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("mixed"));
        clients.writeCapture(List.of(dir.resolve("c.pcap")));
        Path notes = Files.writeString(dir.resolve("notes.txt"), "what we captured and when\n");

        assertThatThrownBy(() -> CaptureSet.of(List.of(dir))).isInstanceOf(InputException.class)
                .hasMessageStartingWith(notes + ": not a pcap or pcapng file");
    }
}
