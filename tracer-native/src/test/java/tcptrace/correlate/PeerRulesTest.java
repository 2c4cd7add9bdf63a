package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.PSH;
import static tcptrace.capture.TcpSegment.RST;
import static tcptrace.capture.TcpSegment.SYN;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.EventKind;

class PeerRulesTest {
    private final Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080),
            1, 2);

    @Test
    void finFromAnUntracedPeerIsPeerCloseAndSaysWhatTheAppSaw() {
        conv.handshake(0);
        conv.send(false, 1000, FIN | ACK, 0);
        List<Verdict> vs = new Evidence().events(Evidence.running(3),
                conv.simple(true, EventKind.CONNECT, -5, -5, "main"),
                conv.simple(true, EventKind.EOF, 1300, -5, "reader")).packets(conv.packets).correlate();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.PEER_CLOSE);
            assertThat(v.src()).isEqualTo(conv.server);
            assertThat(v.pid()).isNull();
            assertThat(v.explanation()).contains("read end-of-stream on thread reader 300 µs later");
        });
    }

    @Test
    void rstAnsweringASynIsRefused() {
        conv.send(true, 0, SYN, 0);
        conv.send(false, 30, RST | ACK, 0);
        assertThat(new Evidence().packets(conv.packets).correlate()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.PEER_RESET);
            assertThat(v.reason()).isEqualTo(ResetReason.REFUSED);
            assertThat(v.src()).isEqualTo(conv.server);
        });
    }

    @Test
    void bareRstAnsweringDataIsNoSocket() {
        conv.handshake(0);
        Packet data = conv.send(true, 5_000_000, PSH | ACK, 20);
        // a host with no socket for the segment answers with seq = its ack and no ACK flag
        conv.packets.add(new Packet(Conversation.at(5_000_040), conv.server, conv.client, data.ack(), 0, RST, 0));
        assertThat(new Evidence().packets(conv.packets).correlate()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.PEER_RESET);
            assertThat(v.reason()).isEqualTo(ResetReason.NO_SOCKET);
        });
    }

    @Test
    void rstWithAckFromAnEstablishedPeerHasNoReason() {
        conv.handshake(0);
        conv.send(false, 100, RST | ACK, 0);
        assertThat(new Evidence().packets(conv.packets).correlate()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.PEER_RESET);
            assertThat(v.reason()).isNull();
        });
    }

    @Test
    void pcapAloneCallsEveryEndAPeer() {
        conv.handshake(0);
        conv.send(true, 1000, FIN | ACK, 0);
        conv.send(false, 1100, FIN | ACK, 0);
        assertThat(new Evidence().packets(conv.packets).correlate()).extracting(Verdict::verdict)
                .containsExactly(VerdictKind.PEER_CLOSE, VerdictKind.PEER_CLOSE);
    }

    @Test
    void endOfThisHostWithoutEvidenceIsUnattributed() {
        conv.handshake(0);
        conv.send(true, 1000, FIN | ACK, 0);
        conv.send(false, 1100, FIN | ACK, 0);
        List<Verdict> vs = new Evidence().packets(conv.packets).localHost(e -> e.equals(conv.client)).correlate();

        assertThat(vs).extracting(Verdict::verdict).containsExactly(VerdictKind.UNATTRIBUTED, VerdictKind.PEER_CLOSE);
        assertThat(vs.get(0).explanation()).isEqualTo("10.9.0.1:40000 is on this host (one of its addresses) but no "
                + "traced JVM recorded this connection: its owner is not traced, or closed it through a path the agent "
                + "does not see");
    }

    @Test
    void endpointOfATracedJvmIsLocalEvenForAnUnjournaledConnection() {
        conv.handshake(0);
        conv.send(false, 1000, FIN | ACK, 0);
        Conversation other = new Conversation(endpoint("10.9.0.3", 41000), conv.server, 7, 8);
        List<Verdict> vs = new Evidence()
                .events(Evidence.running(2), other.simple(false, EventKind.ACCEPT, 0, 0, "acceptor"))
                .packets(conv.packets).correlate();

        assertThat(vs).singleElement().extracting(Verdict::verdict).isEqualTo(VerdictKind.UNATTRIBUTED);
    }
}
