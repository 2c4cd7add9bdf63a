package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.PSH;
import static tcptrace.capture.TcpSegment.RST;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketOptionsSnapshot;
import tcptrace.os.SocketOwnerLookup;

/**
 * Live, the journal may run ahead of the capture (a slow or paused tracer reads the journal at once and the packets
 * queued in libpcap later): an application's "Connection timed out" waits for the capture to reach it, so the
 * kernel's keepalive RST before it decides the end, once.
 */
class CaptureLagTest {
    private final Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080),
            1, 2);
    private final TracedJvm client = Evidence.running(31);
    private final List<Verdict> verdicts = new ArrayList<>();
    private final Correlator live = Correlator.live(verdicts::add, Correlator.DEFAULT_HOLD_NANOS, HostAddresses.NONE,
            SocketOwnerLookup.NONE);

    @Test
    void aKeepaliveTimeoutWhosePacketsLagTheJournalIsOneKeepaliveTimeout() {
        conv.handshake(0);
        conv.send(true, 100, PSH | ACK, 5);
        conv.send(false, 200, ACK, 0);
        for (int i = 0; i < 3; i++) {
            conv.keepaliveProbe(true, 2_000_000 + i * 1_000_000L);
        }
        conv.send(true, 5_000_000, RST | ACK, 0);
        List<Packet> wire = conv.packets;
        live.onAppEvent(new AppEvent(client, conv.simple(true, EventKind.CONNECT, -5, -5, "main")));
        wire.subList(0, 3).forEach(live::onSegment);
        long handshakeSeen = Conversation.at(300);
        live.onAppEvent(new AppEvent(client, conv.event(true, EventKind.ERROR, 5_000_100, -5, "main",
                CloseActor.NONE, 0, SocketOptionsSnapshot.DEFAULTS, "Connection timed out", List.of())));

        // the tracer resumes 3 s after the RST: the journal is read, the probes and the RST still wait in libpcap
        long now = Conversation.at(8_000_000);
        live.advance(now, handshakeSeen);
        assertThat(verdicts).as("nothing decided before the capture reaches the error").isEmpty();

        wire.subList(3, wire.size()).forEach(live::onSegment);
        live.advance(now, Conversation.at(5_000_000));
        live.advance(now + 1_000_000, now);

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.KEEPALIVE_TIMEOUT);
            assertThat(v.packet()).isEqualTo(PacketKind.RST);
        });
    }

    @Test
    void aTimeoutWithNoPacketIsDecidedOnceTheCaptureHasPassedIt() {
        conv.handshake(0);
        conv.packets.forEach(live::onSegment);
        live.onAppEvent(new AppEvent(client, conv.simple(true, EventKind.CONNECT, -5, -5, "main")));
        live.onAppEvent(new AppEvent(client, conv.event(true, EventKind.ERROR, 5_000_000, -5, "main",
                CloseActor.NONE, 0, SocketOptionsSnapshot.DEFAULTS, "Connection timed out", List.of())));
        long deadline = Conversation.at(5_000_000) + Correlator.DEFAULT_HOLD_NANOS;

        live.advance(deadline + 10_000_000_000L, deadline - 1);
        assertThat(verdicts).isEmpty();
        live.advance(deadline + 10_000_000_000L, deadline);
        assertThat(verdicts).singleElement().extracting(Verdict::packet).isNull();
    }
}
