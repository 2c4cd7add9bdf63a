package tcptrace.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.Endpoint;
import tcptrace.correlate.PacketKind;
import tcptrace.correlate.Verdict;
import tcptrace.correlate.VerdictKind;

class JsonLinesReportTest {
    static Endpoint ep(String ip, int port) throws Exception {
        return Endpoint.of(InetAddress.getByName(ip), port);
    }

    static long nanos(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void recordHasTheContractKeysInOrder() throws Exception {
        Verdict v = new Verdict(VerdictKind.APP_CLOSE, ep("10.9.0.1", 40000), ep("10.9.0.2", 8080), PacketKind.FIN,
                nanos("2026-11-28T10:00:00.123456789Z"), 1234L, "main", null, null,
                List.of("java.net.Socket.close(Socket.java:1592)", "demo.Client.main(Client.java:21)"),
                "the application closed the socket on thread main; the kernel sent this FIN 41 µs later", null,
                List.of(), List.of());

        assertThat(JsonLinesReport.toJson(v)).isEqualTo("{\"verdict\":\"APP_CLOSE\",\"src\":\"10.9.0.1:40000\","
                + "\"dst\":\"10.9.0.2:8080\",\"packet\":\"FIN\",\"time\":\"2026-11-28T10:00:00.123456789Z\","
                + "\"pid\":1234,\"thread\":\"main\",\"exit\":null,\"reason\":null,"
                + "\"stack\":[\"java.net.Socket.close(Socket.java:1592)\",\"demo.Client.main(Client.java:21)\"],"
                + "\"explanation\":\"the application closed the socket on thread main; the kernel sent this FIN 41 "
                + "µs later\",\"idle\":null}");
    }

    @Test
    void unknownsAreNullAndTimeKeepsNineDigits() throws Exception {
        Verdict v = new Verdict(VerdictKind.RETRANSMISSION_TIMEOUT, ep("::1", 5), ep("::1", 6), null,
                nanos("2026-01-02T03:04:05Z") + 7, null, null, null, null, null, "x", null, List.of(), List.of());

        assertThat(JsonLinesReport.toJson(v)).isEqualTo("{\"verdict\":\"RETRANSMISSION_TIMEOUT\","
                + "\"src\":\"[0:0:0:0:0:0:0:1]:5\",\"dst\":\"[0:0:0:0:0:0:0:1]:6\",\"packet\":null,"
                + "\"time\":\"2026-01-02T03:04:05.000000007Z\",\"pid\":null,\"thread\":null,\"exit\":null,"
                + "\"reason\":null,\"stack\":null,\"explanation\":\"x\",\"idle\":null}");
    }

    @Test
    void idleIsSecondsWithMillisecondsAfterTheExplanation() throws Exception {
        Verdict v = new Verdict(VerdictKind.PEER_CLOSE, ep("10.0.0.1", 1), ep("10.0.0.2", 2), PacketKind.FIN, 0, null,
                null, null, null, null, "peer", java.time.Duration.ofNanos(75_003_900_000L), List.of(), List.of());

        assertThat(JsonLinesReport.toJson(v)).endsWith(",\"explanation\":\"peer\",\"idle\":75.003}");
        Verdict quick = new Verdict(VerdictKind.PEER_CLOSE, ep("10.0.0.1", 1), ep("10.0.0.2", 2), PacketKind.FIN, 0,
                null, null, null, null, null, "peer", java.time.Duration.ofMillis(7), List.of(), List.of());
        assertThat(JsonLinesReport.toJson(quick)).endsWith("\"idle\":0.007}");
    }

    @Test
    void stringsAreEscaped() throws Exception {
        Verdict v = new Verdict(VerdictKind.UNATTRIBUTED, ep("10.0.0.1", 1), ep("10.0.0.2", 2), PacketKind.RST, 0, 1L,
                "t\"1\\\n\u0001", null, null, List.of("a\tb"), "line\u2028sep", null, List.of(), List.of());

        String json = JsonLinesReport.toJson(v);
        assertThat(json).contains("\"thread\":\"t\\\"1\\\\\\n\\u0001\"").contains("\"stack\":[\"a\\tb\"]")
                .contains("\"explanation\":\"line\\u2028sep\"").doesNotContain("\n");
    }

    @Test
    void eachLineIsItsVerdictsRecordWhateverCameBefore() throws Exception {
        List<String> deep = java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> "com.example.Deep.frame" + i + "(Deep.java:" + i + ")").toList();
        Verdict longOne = new Verdict(VerdictKind.APP_CLOSE, ep("10.0.0.1", 40000), ep("::1", 8080), PacketKind.FIN,
                nanos("2026-11-28T10:00:00.000000001Z"), 7L, "main", null, null, deep, "closed", null, List.of(),
                List.of());
        Verdict shortOne = new Verdict(VerdictKind.PEER_CLOSE, ep("10.0.0.1", 1), ep("10.0.0.2", 2), PacketKind.FIN, 0,
                null, null, null, null, null, "peer", null, List.of(), List.of());
        StringWriter bytes = new StringWriter();
        try (JsonLinesReport r = new JsonLinesReport(new PrintWriter(bytes), false)) {
            r.verdict(shortOne);
            r.verdict(longOne);
            r.verdict(shortOne);
        }
        assertThat(JsonLinesReport.toJson(longOne)).hasSizeGreaterThan(1024)
                .contains("\"dst\":\"[0:0:0:0:0:0:0:1]:8080\"");
        assertThat(bytes.toString().lines()).containsExactly(JsonLinesReport.toJson(shortOne),
                JsonLinesReport.toJson(longOne), JsonLinesReport.toJson(shortOne));
    }

    @Test
    void oneLinePerVerdictAndNoSummaryLine() throws Exception {
        StringWriter bytes = new StringWriter();
        Verdict v = new Verdict(VerdictKind.PEER_CLOSE, ep("10.0.0.1", 1), ep("10.0.0.2", 2), PacketKind.FIN, 0, null, null,
                null, null, null, "peer", null, List.of(), List.of());
        try (JsonLinesReport r = new JsonLinesReport(new PrintWriter(bytes), false)) {
            r.verdict(v);
            r.verdict(v);
            r.summary(new Summary(Summary.count(List.of(v, v)), 10, 1, tcptrace.capture.CaptureStats.NONE,
                    List.of("x"), List.of()));
        }
        assertThat(bytes.toString().lines()).hasSize(2).allMatch(l -> l.startsWith("{"));
    }
}
