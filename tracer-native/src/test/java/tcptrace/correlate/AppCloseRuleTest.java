package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;
import tcptrace.agent.event.SocketOptionsSnapshot;

class AppCloseRuleTest {
    private final Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080),
            1000, 5000);
    private final TracedJvm client = Evidence.running(1234);

    @Test
    void finAfterAppCloseIsAppClose() {
        conv.handshake(0);
        conv.send(true, 100, ACK, 10);
        conv.send(false, 120, ACK, 0);
        conv.send(true, 1041, FIN | ACK, 0);
        List<Verdict> vs = new Evidence().events(client,
                conv.simple(true, EventKind.CONNECT, -5, -5, "main"),
                conv.simple(true, EventKind.CLOSE, 1000, -5, "main")).packets(conv.packets).correlate();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.APP_CLOSE);
            assertThat(v.src()).isEqualTo(conv.client);
            assertThat(v.dst()).isEqualTo(conv.server);
            assertThat(v.packet()).isEqualTo(PacketKind.FIN);
            assertThat(v.pid()).isEqualTo(1234L);
            assertThat(v.thread()).isEqualTo("main");
            assertThat(v.stack()).contains("demo.Client.main(Client.java:21)");
            assertThat(v.explanation()).isEqualTo(
                    "the application closed the socket on thread main; the kernel sent this FIN 41 µs later");
            assertThat(v.topApplicationFrame()).isEqualTo("demo.Client.main(Client.java:21)");
        });
    }

    @Test
    void closeStampedAfterTheFinDoesNotExplainIt() {
        conv.handshake(0);
        conv.send(true, 1000, FIN | ACK, 0);
        List<Verdict> vs = new Evidence().events(client,
                conv.simple(true, EventKind.CONNECT, -5, -5, "main"),
                conv.simple(true, EventKind.CLOSE, 1001, -5, "main")).packets(conv.packets).correlate();

        assertThat(vs).singleElement().extracting(Verdict::verdict).isEqualTo(VerdictKind.UNATTRIBUTED);
    }

    @Test
    void interruptCloseSaysSo() {
        conv.handshake(0);
        conv.send(true, 1000, FIN | ACK, 0);
        List<Verdict> vs = new Evidence().events(client,
                conv.event(true, EventKind.CLOSE, 900, -5, "worker-1", CloseActor.INTERRUPT, 0,
                        SocketOptionsSnapshot.DEFAULTS, null, List.of())).packets(conv.packets).correlate();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.APP_CLOSE);
            assertThat(v.explanation()).contains("interrupt of thread worker-1");
        });
    }

    @Test
    void unnamedVirtualThreadIsNamedByItsId() {
        conv.handshake(0);
        conv.send(true, 1000, FIN | ACK, 0);
        var named = conv.simple(true, EventKind.CLOSE, 990, -5, "ignored");
        var unnamed = new SocketEvent(named.kind(), named.epochNanos(), named.connectionId(),
                named.connectionStartNanos(), named.api(), named.local(), named.remote(), 77, "", true,
                named.actor(), 0, 0, null, null, named.stack());
        List<Verdict> vs = new Evidence().events(client, unnamed).packets(conv.packets).correlate();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.thread()).isEmpty();
            assertThat(v.explanation()).startsWith("the application closed the socket on unnamed virtual thread #77;");
        });
    }

    @Test
    void retransmittedFinIsOneRecord() {
        conv.handshake(0);
        var fin = conv.send(true, 1000, FIN | ACK, 0);
        conv.resend(fin, 1200);
        conv.resend(fin, 1600);
        List<Verdict> vs = new Evidence().events(client, conv.simple(true, EventKind.CLOSE, 990, -5, "main"))
                .packets(conv.packets).correlate();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.APP_CLOSE);
            assertThat(v.timeNanos()).isEqualTo(Conversation.at(1000));
        });
    }

    @Test
    void bothEndsTracedGiveEachItsOwnVerdictAndNoPeerClose() {
        TracedJvm server = Evidence.running(4321);
        conv.handshake(0);
        conv.send(true, 1000, FIN | ACK, 0);
        conv.send(false, 2000, FIN | ACK, 0);
        List<Verdict> vs = new Evidence()
                .events(client, conv.simple(true, EventKind.CLOSE, 990, -5, "main"))
                .events(server, conv.simple(false, EventKind.ACCEPT, 30, 30, "acceptor"),
                        conv.simple(false, EventKind.CLOSE, 1990, 30, "handler"))
                .packets(conv.packets).correlate();

        assertThat(vs).extracting(Verdict::verdict).containsExactly(VerdictKind.APP_CLOSE, VerdictKind.APP_CLOSE);
        assertThat(vs).extracting(Verdict::pid).containsExactly(1234L, 4321L);
        assertThat(vs).extracting(Verdict::thread).containsExactly("main", "handler");
    }
}
