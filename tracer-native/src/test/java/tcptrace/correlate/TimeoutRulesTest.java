package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.PSH;
import static tcptrace.capture.TcpSegment.RST;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketOptionsSnapshot;

class TimeoutRulesTest {
    private final Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080),
            1, 2);
    private final TracedJvm client = Evidence.running(21);

    private tcptrace.agent.event.SocketEvent timedOut(long micros) {
        return conv.event(true, EventKind.ERROR, micros, -5, "main", CloseActor.NONE, 0,
                SocketOptionsSnapshot.DEFAULTS, "Connection timed out", List.of("demo.C.read(C.java:9)"));
    }

    @Test
    void unansweredProbesThenRstIsKeepaliveTimeoutAndTheErrorAddsNoRecord() {
        conv.handshake(0);
        conv.send(true, 100, PSH | ACK, 5);
        conv.send(false, 200, ACK, 0);
        for (int i = 0; i < 3; i++) {
            conv.keepaliveProbe(true, 2_000_000 + i * 1_000_000L);
        }
        conv.send(true, 5_000_000, RST | ACK, 0);
        List<Verdict> vs = new Evidence().events(client, conv.simple(true, EventKind.CONNECT, -5, -5, "main"),
                timedOut(5_000_100)).packets(conv.packets).correlate();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.KEEPALIVE_TIMEOUT);
            assertThat(v.packet()).isEqualTo(PacketKind.RST);
            assertThat(v.explanation()).startsWith("3 keepalive probes from 10.9.0.1:40000 went unanswered for 3.0 s")
                    .contains("saw \"Connection timed out\"");
        });
    }

    @Test
    void answeredProbesDoNotMakeAKeepaliveTimeout() {
        conv.handshake(0);
        conv.keepaliveProbe(true, 2_000_000);
        conv.send(false, 2_000_100, ACK, 0);
        conv.send(true, 3_000_000, RST | ACK, 0);
        List<Verdict> vs = new Evidence().events(client, conv.simple(true, EventKind.CONNECT, -5, -5, "main"))
                .packets(conv.packets).correlate();

        assertThat(vs).singleElement().extracting(Verdict::verdict).isEqualTo(VerdictKind.UNATTRIBUTED);
    }

    @Test
    void unansweredRetransmissionsThenTimedOutIsRetransmissionTimeoutWithoutPacket() {
        conv.handshake(0);
        Packet data = conv.send(true, 1000, PSH | ACK, 100);
        conv.resend(data, 201_000);
        conv.resend(data, 601_000);
        conv.resend(data, 1_401_000);
        List<Verdict> vs = new Evidence().events(client, conv.simple(true, EventKind.CONNECT, -5, -5, "main"),
                timedOut(3_000_000)).packets(conv.packets).correlate();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.RETRANSMISSION_TIMEOUT);
            assertThat(v.packet()).isNull();
            assertThat(v.src()).isEqualTo(conv.client);
            assertThat(v.timeNanos()).isEqualTo(Conversation.at(3_000_000));
            assertThat(v.thread()).isEqualTo("main");
            assertThat(v.explanation()).contains("retransmitted seq " + data.seq() + " 3 times over 1.2 s");
        });
    }

    @Test
    void timedOutWithoutRetransmissionsOnTheWireIsUnattributed() {
        conv.handshake(0);
        conv.send(true, 1000, PSH | ACK, 100);
        conv.send(false, 1100, ACK, 0);
        List<Verdict> vs = new Evidence().events(client, conv.simple(true, EventKind.CONNECT, -5, -5, "main"),
                timedOut(3_000_000)).packets(conv.packets).correlate();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.UNATTRIBUTED);
            assertThat(v.packet()).isNull();
            assertThat(v.explanation()).contains("no unanswered retransmissions");
        });
    }

    @Test
    void readTimeoutIsNotAConnectionEnd() {
        conv.handshake(0);
        List<Verdict> vs = new Evidence().events(client, conv.event(true, EventKind.ERROR, 5000, -5, "main",
                CloseActor.NONE, 0, SocketOptionsSnapshot.DEFAULTS, "Read timed out", List.of()))
                .packets(conv.packets).correlate();

        assertThat(vs).isEmpty();
    }
}
