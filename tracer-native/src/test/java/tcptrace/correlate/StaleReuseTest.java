package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.PSH;
import static tcptrace.capture.TcpSegment.RST;
import static tcptrace.correlate.Conversation.endpoint;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketOptionsSnapshot;

class StaleReuseTest {
    private static final List<String> POOL_CLOSE = List.of("java.net.Socket.close(Socket.java:1592)",
            "org.apache.hc.core5.io.Closer.closeQuietly(Closer.java:71)",
            "org.apache.hc.client5.http.impl.classic.InternalExecRuntime.discardEndpoint(InternalExecRuntime.java:257)",
            "demo.Client.main(Client.java:40)");

    private final Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080),
            1, 2);

    /** A request and its answer at 1 ms, then the server's idle timeout: its FIN 1.5 s later, ACKed. */
    private void idleThenServerFin() {
        conv.handshake(0);
        conv.send(true, 1_000, PSH | ACK, 100);
        conv.send(false, 1_200, PSH | ACK, 300);
        conv.send(true, 1_300, ACK, 0);
        conv.send(false, 1_501_200, FIN | ACK, 0);
        conv.send(true, 1_501_300, ACK, 0);
    }

    /** The pool reuses the connection 2 s after the FIN; the server's kernel answers with a bare RST. */
    private void reuseAndReset() {
        Packet request = conv.send(true, 3_501_200, PSH | ACK, 120);
        conv.packets.add(new Packet(Conversation.at(3_501_400), conv.server, conv.client, request.ack(), 0, RST, 0));
    }

    @Test
    void peerFinCarriesHowLongTheConnectionWasIdle() {
        idleThenServerFin();
        assertThat(new Evidence().packets(conv.packets).correlate()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.PEER_CLOSE);
            assertThat(v.idle()).isEqualTo(Duration.ofMillis(1500));
        });
    }

    @Test
    void endOfAConnectionThatNeverCarriedDataHasNoIdle() {
        conv.handshake(0);
        conv.send(false, 5_000, FIN | ACK, 0);
        assertThat(new Evidence().packets(conv.packets).correlate()).singleElement()
                .satisfies(v -> assertThat(v.idle()).isNull());
    }

    @Test
    void keepaliveProbesAreNotData() {
        idleThenServerFin();
        conv.packets.clear();
        conv.handshake(0);
        conv.send(true, 1_000, PSH | ACK, 100);
        conv.keepaliveProbe(true, 901_000);
        conv.send(false, 901_100, ACK, 0);
        conv.send(false, 2_001_000, FIN | ACK, 0);
        assertThat(new Evidence().packets(conv.packets).correlate()).singleElement()
                .satisfies(v -> assertThat(v.idle()).isEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void rstAnsweringDataWrittenAfterThePeersFinIsClosedAndNamesTheReuse() {
        idleThenServerFin();
        reuseAndReset();
        List<Verdict> vs = new Evidence().events(Evidence.running(3),
                conv.simple(true, EventKind.CONNECT, -5, -5, "main"),
                conv.simple(true, EventKind.EOF, 3_501_500, -5, "main"),
                conv.event(true, EventKind.CLOSE, 3_501_700, -5, "main", CloseActor.APP, 300,
                        SocketOptionsSnapshot.DEFAULTS, null, POOL_CLOSE)).packets(conv.packets).correlate();

        assertThat(vs).extracting(Verdict::verdict).containsExactly(VerdictKind.PEER_CLOSE, VerdictKind.PEER_RESET);
        Verdict reset = vs.get(1);
        assertThat(reset.reason()).isEqualTo(ResetReason.CLOSED);
        assertThat(reset.idle()).isEqualTo(Duration.ofNanos(200_000)); // since the request it answers
        assertThat(reset.stack()).isEqualTo(POOL_CLOSE);
        assertThat(reset.explanation()).isEqualTo("10.9.0.2:8080 is not traced: the connection was reused after the "
                + "peer closed it: the peer sent its FIN after the connection had been idle for 1.5 s, "
                + "10.9.0.1:40000 wrote 120 bytes on it 2.0 s after that FIN, and the peer answered with this RST "
                + "200 µs later; the application on thread main read end-of-stream, then closed the connection at "
                + "org.apache.hc.core5.io.Closer.closeQuietly(Closer.java:71)");
    }

    @Test
    void anErrorTheApplicationGotIsWhereItMetTheReset() {
        idleThenServerFin();
        reuseAndReset();
        List<String> stack = List.of("java.net.SocketInputStream.read(SocketInputStream.java:1)",
                "okio.InputStreamSource.read(JvmOkio.kt:93)", "demo.Client.main(Client.java:9)");
        List<Verdict> vs = new Evidence().events(Evidence.running(3),
                conv.simple(true, EventKind.CONNECT, -5, -5, "main"),
                conv.event(true, EventKind.ERROR, 3_501_500, -5, "main", CloseActor.NONE, 0,
                        SocketOptionsSnapshot.DEFAULTS, "Connection reset", stack)).packets(conv.packets).correlate();

        assertThat(vs.get(1).stack()).isEqualTo(stack);
        assertThat(vs.get(1).explanation()).endsWith("the application on thread main got \"Connection reset\" at "
                + "okio.InputStreamSource.read(JvmOkio.kt:93)");
    }

    @Test
    void withoutAFinBeforeItTheSameRstIsNoSocket() {
        conv.handshake(0);
        conv.send(true, 1_000, PSH | ACK, 100);
        conv.send(false, 1_200, PSH | ACK, 300);
        reuseAndReset();
        assertThat(new Evidence().packets(conv.packets).correlate()).singleElement()
                .satisfies(v -> assertThat(v.reason()).isEqualTo(ResetReason.NO_SOCKET));
    }

    @Test
    void aClientThatClosesAfterThePeersFinWithoutWritingIsNoReuse() {
        idleThenServerFin();
        conv.send(true, 11_000_000, FIN | ACK, 0);
        conv.send(false, 11_000_100, ACK, 0);
        assertThat(new Evidence().packets(conv.packets).correlate()).extracting(Verdict::reason)
                .doesNotContain(ResetReason.CLOSED);
    }
}
