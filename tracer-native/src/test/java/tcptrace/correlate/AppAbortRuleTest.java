package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.RST;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketOptionsSnapshot;

class AppAbortRuleTest {
    private final Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080),
            100, 200);
    private final TracedJvm client = Evidence.running(11);

    private List<Verdict> closeThenReset(int lingerSeconds, long bytesRead, int bytesFromServer) {
        conv.handshake(0);
        if (bytesFromServer > 0) {
            conv.send(false, 100, ACK, bytesFromServer);
        }
        conv.send(true, 1000, RST | ACK, 0);
        return new Evidence().events(client,
                conv.event(true, EventKind.CLOSE, 980, -5, "main", CloseActor.APP, bytesRead,
                        SocketOptionsSnapshot.DEFAULTS.withLinger(lingerSeconds), null, List.of("demo.A.run(A.java:5)")))
                .packets(conv.packets).correlate();
    }

    @Test
    void rstAfterCloseWithLingerZeroIsAbort() {
        assertThat(closeThenReset(0, 0, 0)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.APP_ABORT);
            assertThat(v.packet()).isEqualTo(PacketKind.RST);
            assertThat(v.explanation()).contains("SO_LINGER=0").contains("20 µs later");
        });
    }

    @Test
    void rstAfterCloseWithUnreadDataIsAbort() {
        assertThat(closeThenReset(-1, 300, 1000)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.APP_ABORT);
            assertThat(v.explanation()).contains("unread data (1000 bytes received on the wire, 300 read)");
        });
    }

    @Test
    void rstAfterCloseWithEverythingReadIsUnattributed() {
        assertThat(closeThenReset(-1, 1000, 1000)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.UNATTRIBUTED);
            assertThat(v.explanation()).contains("no unread data");
        });
    }
}
