package tcptrace.report;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.report.JsonLinesReportTest.ep;
import static tcptrace.report.JsonLinesReportTest.nanos;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.capture.CaptureStats;
import tcptrace.correlate.ExitKind;
import tcptrace.correlate.PacketKind;
import tcptrace.correlate.Verdict;
import tcptrace.correlate.VerdictKind;

class TextReportTest {
    @Test
    void verdictLinesAreAlignedAndCarryExplanationAndTopAppFrame() throws Exception {
        StringWriter bytes = new StringWriter();
        Verdict close = new Verdict(VerdictKind.APP_CLOSE, ep("10.9.0.1", 40000), ep("10.9.0.2", 8080), PacketKind.FIN,
                nanos("2026-11-28T10:00:00.123456789Z"), 1234L, "main", null, null,
                List.of("java.net.Socket.close(Socket.java:1592)", "demo.Client.main(Client.java:21)"),
                "the application closed the socket", null, List.of(), List.of());
        Verdict exit = new Verdict(VerdictKind.PROCESS_EXIT, ep("10.9.0.100", 1), ep("10.9.0.2", 8080), PacketKind.RST,
                nanos("2026-11-28T10:00:01Z"), 77L, null, ExitKind.KILLED, null, null, "it was killed", null, List.of(),
                List.of());
        try (TextReport r = new TextReport(new PrintWriter(bytes), false)) {
            r.verdict(close);
            r.verdict(exit);
            r.summary(new Summary(Summary.count(List.of(close, exit)), 42, 2, new CaptureStats(50, 42, 8, 0, 3, 0),
                    List.of("/tmp/j/1.journal: torn record (never completed) at offset 8192"), List.of()));
        }
        List<String> lines = bytes.toString().lines().toList();

        assertThat(lines.get(0)).startsWith("TIME (UTC)").contains("VERDICT");
        assertThat(lines.get(1)).startsWith("10:00:00.123456").contains("10.9.0.1:40000").contains("APP_CLOSE")
                .contains("1234/main");
        assertThat(lines.get(2)).isEqualTo("                 the application closed the socket");
        assertThat(lines.get(3)).isEqualTo("                 at demo.Client.main(Client.java:21)");
        assertThat(lines.get(4)).contains("PROCESS_EXIT (killed)");
        assertThat(lines.get(1).indexOf("APP_CLOSE")).isEqualTo(lines.get(4).indexOf("PROCESS_EXIT"))
                .isEqualTo(lines.get(0).indexOf("VERDICT"));
        assertThat(lines).contains("summary: 2 verdicts (APP_CLOSE 1, PROCESS_EXIT 1); 42 packets, 2 connections")
                .anyMatch(l -> l.contains("3 dropped by the kernel"))
                .contains("journal damage: /tmp/j/1.journal: torn record (never completed) at offset 8192");
    }

    @Test
    void idleTimeIsALineOfItsOwnAndPartOfThePcapngComment() throws Exception {
        Verdict fin = new Verdict(VerdictKind.PEER_CLOSE, ep("10.9.0.2", 8080), ep("10.9.0.1", 40000), PacketKind.FIN,
                nanos("2026-11-28T10:00:00Z"), null, null, null, null, null, "the peer closed",
                java.time.Duration.ofMillis(75_003), List.of(), List.of());
        StringWriter bytes = new StringWriter();
        try (TextReport r = new TextReport(new PrintWriter(bytes), false)) {
            r.verdict(fin);
        }
        assertThat(bytes.toString().lines()).contains("                 idle 75.003 s before this FIN");
        assertThat(PcapngReport.comment(fin)).isEqualTo("tcptrace: PEER_CLOSE: the peer closed; idle 75.003 s before it");
    }
}
