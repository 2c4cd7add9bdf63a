package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.EventKind;

class AppShutdownOutputRuleTest {
    private final Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080),
            1, 2);
    private final TracedJvm client = Evidence.running(7);

    @Test
    void finAfterShutdownOutputIsHalfClose() {
        conv.handshake(0);
        conv.send(true, 500, FIN | ACK, 0);
        List<Verdict> vs = new Evidence().events(client,
                conv.simple(true, EventKind.SHUTDOWN_OUTPUT, 450, -5, "writer")).packets(conv.packets).correlate();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.APP_SHUTDOWN_OUTPUT);
            assertThat(v.thread()).isEqualTo("writer");
            assertThat(v.explanation()).contains("shut down output").contains("50 µs later");
        });
    }

    @Test
    void shutdownThenCloseBeforeTheFinIsStillTheShutdown() {
        conv.handshake(0);
        conv.send(true, 900, FIN | ACK, 0);
        List<Verdict> vs = new Evidence().events(client,
                conv.simple(true, EventKind.SHUTDOWN_OUTPUT, 450, -5, "writer"),
                conv.simple(true, EventKind.CLOSE, 800, -5, "main")).packets(conv.packets).correlate();

        assertThat(vs).singleElement().extracting(Verdict::verdict).isEqualTo(VerdictKind.APP_SHUTDOWN_OUTPUT);
    }
}
