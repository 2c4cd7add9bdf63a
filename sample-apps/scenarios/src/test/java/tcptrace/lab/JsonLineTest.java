package tcptrace.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tcptrace.correlate.VerdictKind;
import tcptrace.scenario.Expected;
import tcptrace.scenario.Side;

class JsonLineTest {

    @Test
    void readsTheVerdictRecordOfTheContract() {
        Map<String, Object> record = JsonLine.parseObject("{\"verdict\":\"APP_CLOSE\", \"src\":\"10.9.0.1:40000\", "
                + "\"dst\":\"10.9.0.2:8080\", \"packet\":\"FIN\", \"time\":\"2026-11-28T10:00:00.123456789Z\", "
                + "\"pid\":1234, \"thread\":\"main\", \"exit\":null, \"reason\":null, "
                + "\"stack\":[\"java.net.Socket.close(Socket.java:1592)\", \"demo.Client.main(Client.java:21)\"], "
                + "\"explanation\":\"the application closed the socket on thread main; 41 \\u00b5s later\"}");

        assertThat(record).containsEntry("verdict", "APP_CLOSE").containsEntry("pid", 1234L)
                .containsEntry("exit", null);
        assertThat(record.get("stack")).isEqualTo(List.of("java.net.Socket.close(Socket.java:1592)",
                "demo.Client.main(Client.java:21)"));
        assertThat((String) record.get("explanation")).endsWith("41 µs later");
    }

    @Test
    void recordInTheScenariosTermsNamesTheSenderByRole() {
        VerdictRecord record = VerdictRecord.parse("{\"verdict\":\"PEER_RESET\",\"src\":\"10.9.0.2:8080\","
                + "\"dst\":\"10.9.0.1:40000\",\"packet\":\"RST\",\"exit\":null,\"reason\":\"refused\"}");
        Scope scope = new Scope("10.9.0.1", "10.9.0.2", 8080);

        assertThat(record.within(scope)).isTrue();
        assertThat(record.asExpected(scope)).isEqualTo(Expected.rst(VerdictKind.PEER_RESET, Side.SERVER).reason("refused"));
    }

    @Test
    void rejectsTruncatedLines() {
        assertThatThrownBy(() -> JsonLine.parseObject("{\"verdict\":\"APP_CL"))
                .isInstanceOf(LabException.class).hasMessageContaining("bad JSON");
    }
}
