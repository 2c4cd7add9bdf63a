package tcptrace.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report whose journal holds far more than its heap could: every record held at once (as a reader that decodes the
 * whole journal before the first packet does) needs several times the heap given here, the connections open at a
 * moment a tiny part of it.
 */
class BoundedMemoryTest {
    /** 200,000 events, each of several hundred bytes as objects, against a 32 MB heap. */
    private static final int CONNECTIONS = 100_000;
    private static final String HEAP = "-Xmx32m";

    @TempDir
    Path tmp;

    @Test
    void aJournalLargerThanTheHeapIsReportedInFull() throws Exception {
        ClosingClients clients = new ClosingClients(CONNECTIONS);
        Path pcap = tmp.resolve("large.pcap");
        clients.writeCapture(List.of(pcap));
        Path journalDir = tmp.resolve("journals");
        clients.writeJournal(journalDir, 8L << 20);
        Path out = tmp.resolve("verdicts.json");

        Process report = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "tcptrace.cli.Tcptrace", "report",
                "--pcap", pcap.toString(), "--journal-dir", journalDir.toString(), "--format", "json", "-o",
                out.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("report.log").toFile()).start();
        assertThat(report.waitFor(5, TimeUnit.MINUTES)).as("report finished").isTrue();

        assertThat(report.exitValue()).as(Files.readString(tmp.resolve("report.log"))).isZero();
        assertThat(verdictsOf(out, "APP_CLOSE")).isEqualTo(CONNECTIONS);
        assertThat(verdictsOf(out, "PEER_CLOSE")).isEqualTo(CONNECTIONS);
    }

    private static long verdictsOf(Path json, String kind) throws IOException {
        try (Stream<String> lines = Files.lines(json)) {
            return lines.filter(l -> l.startsWith("{\"verdict\":\"" + kind + "\"")).count();
        }
    }
}
