package tcptrace.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.capture.CaptureSet;
import tcptrace.postmortem.PostMortem;
import tcptrace.postmortem.ReportNeeds;
import tcptrace.report.JsonLinesReport;
import tcptrace.source.MergedEvidence;

class JournalOfSyntheticTest {
    private static final int CONNECTIONS = 2_000;

    @TempDir
    Path dir;

    @Test
    void theJournalExplainsEveryEndOfTheGeneratedCapture() throws Exception {
        Path pcap = dir.resolve("bench.pcap");
        Path journals = dir.resolve("journals");
        PcapGenerator.generate(pcap, journals, CONNECTIONS, 200, 2, 5);

        StringWriter out = new StringWriter();
        PostMortem run = new PostMortem(CaptureSet.of(List.of(pcap)),
                MergedEvidence.open(List.of(journals.resolve(ProcessHandle.current().pid() + ".journal")), List.of()),
                new ReportNeeds(false, false, false), null);
        PostMortem.Outcome outcome = run.run(segments -> new JsonLinesReport(new PrintWriter(out), false));

        Map<String, Long> kinds = out.toString().lines().filter(l -> l.startsWith("{\"verdict\":"))
                .collect(Collectors.groupingBy(l -> l.substring(12, l.indexOf('"', 12)), Collectors.counting()));
        assertThat(outcome.exitCode()).isZero();
        // both ends of every connection are traced: closes and aborts only, nothing left to a peer or unexplained
        assertThat(kinds.keySet()).containsOnly("APP_CLOSE", "APP_ABORT");
        assertThat(kinds.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(CONNECTIONS);
    }
}
