package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;
import tcptrace.os.SocketOwnerLookup;

class ConnectionIdentityTest {
    @Test
    void portReuseMakesTwoConnectionsEachWithItsOwnClose() {
        var client = endpoint("10.9.0.1", 40000);
        var server = endpoint("10.9.0.2", 8080);
        Conversation first = new Conversation(client, server, 1000, 2000);
        first.handshake(0);
        first.send(true, 1000, FIN | ACK, 0);
        first.send(false, 1100, FIN | ACK, 0);
        first.send(true, 1200, ACK, 0);
        Conversation second = new Conversation(client, server, 900_000, 800_000);
        second.handshake(2_000_000);
        second.send(true, 3_000_000, FIN | ACK, 0);
        List<Packet> all = new ArrayList<>(first.packets);
        all.addAll(second.packets);
        SocketEvent firstClose = first.simple(true, EventKind.CLOSE, 990, -5, "first-closer");
        SocketEvent secondConnect = new SocketEvent(EventKind.CONNECT, Conversation.at(1_999_995), 2,
                Conversation.at(1_999_995), firstClose.api(), client, server, 1, "main", false, null, 0, 0, null,
                null, null);
        SocketEvent secondClose = new SocketEvent(EventKind.CLOSE, Conversation.at(2_999_990), 2,
                Conversation.at(1_999_995), firstClose.api(), client, server, 1, "second-closer", false,
                tcptrace.agent.event.CloseActor.APP, 0, 0, null, null, List.of("demo.X.y(X.java:1)"));

        List<Verdict> vs = new Evidence()
                .events(Evidence.running(1), first.simple(true, EventKind.CONNECT, -5, -5, "main"), firstClose,
                        secondConnect, secondClose)
                .packets(all).correlate();

        assertThat(vs).extracting(Verdict::verdict).containsExactly(VerdictKind.APP_CLOSE, VerdictKind.PEER_CLOSE,
                VerdictKind.APP_CLOSE);
        assertThat(vs).extracting(Verdict::thread).containsExactly("first-closer", null, "second-closer");
    }

    @Test
    void liveEvidenceArrivingWithinTheHoldStillExplainsTheFin() {
        Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080), 1, 2);
        conv.handshake(0);
        Packet fin = conv.send(true, 1000, FIN | ACK, 0);
        List<Verdict> out = new ArrayList<>();
        Correlator c = Correlator.live(out::add, Correlator.DEFAULT_HOLD_NANOS, HostAddresses.NONE,
                SocketOwnerLookup.NONE);
        conv.packets.forEach(c::onSegment);
        c.advance(fin.timeNanos() + Correlator.DEFAULT_HOLD_NANOS / 2);
        assertThat(out).isEmpty();

        c.onAppEvent(new AppEvent(Evidence.running(5), conv.simple(true, EventKind.CLOSE, 990, -5, "late")));
        c.advance(fin.timeNanos() + Correlator.DEFAULT_HOLD_NANOS);

        assertThat(out).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.APP_CLOSE);
            assertThat(v.thread()).isEqualTo("late");
        });
    }

    @Test
    void liveLaterPacketsDoNotDecideBeforeTheJournalClockSaysSo() {
        Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080), 1, 2);
        conv.handshake(0);
        Packet fin = conv.send(true, 1000, FIN | ACK, 0);
        conv.send(false, 2_000_000, ACK, 0); // long after the hold, but the journals were not read up to then
        List<Verdict> out = new ArrayList<>();
        Correlator c = Correlator.live(out::add, Correlator.DEFAULT_HOLD_NANOS, HostAddresses.NONE,
                SocketOwnerLookup.NONE);
        conv.packets.forEach(c::onSegment);
        assertThat(out).isEmpty();

        c.onAppEvent(new AppEvent(Evidence.running(5), conv.simple(true, EventKind.CLOSE, 990, -5, "main")));
        c.advance(fin.timeNanos() + Correlator.DEFAULT_HOLD_NANOS);

        assertThat(out).singleElement().extracting(Verdict::verdict).isEqualTo(VerdictKind.APP_CLOSE);
    }
}
