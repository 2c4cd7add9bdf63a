package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.EventKind;
import tcptrace.os.LiveSocket;
import tcptrace.os.TcpSysctls;

class UnseenSocketsTest {
    private final Conversation journaled = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080),
            1, 2);
    private final Conversation opened = new Conversation(endpoint("10.9.0.1", 40001), endpoint("10.9.0.2", 8080),
            1, 2);
    private final TracedJvm jvm = Evidence.running(99);

    private List<AppConnection> apps() {
        Correlator c = Correlator.postMortem(v -> { });
        c.onAppEvent(new AppEvent(jvm, journaled.simple(true, EventKind.CONNECT, 0, 0, "main")));
        return c.appConnections();
    }

    private static LiveSocket socket(Conversation c, int state, long txQueue, int timer) {
        return new LiveSocket(c.client, c.server, state, txQueue, 0, timer, 7, LiveSocket.IDLE_UNKNOWN);
    }

    @Test
    void onlyTheSocketsTheAgentNeverJournaledAreListedWithTheirKeepaliveRisk() {
        List<UnseenSockets.Unseen> unseen = UnseenSockets.find(jvm, apps(), List.of(
                socket(journaled, LiveSocket.ESTABLISHED, 0, 0), socket(opened, LiveSocket.ESTABLISHED, 0, 0),
                new LiveSocket(endpoint("0.0.0.0", 8080), endpoint("0.0.0.0", 0), LiveSocket.LISTEN, 0, 0, 0, 8,
                        LiveSocket.IDLE_UNKNOWN)),
                TcpSysctls.KERNEL_DEFAULTS);

        assertThat(unseen).singleElement().satisfies(u -> {
            assertThat(u.socket().local()).isEqualTo(opened.client);
            assertThat(u.socket().stateName()).isEqualTo("ESTABLISHED");
            assertThat(u.keepalive()).isEqualTo("keepalive off and nothing in flight: a dead peer would never be noticed; once it "
                    + "sends, the kernel gives up after 15 min 25 s (tcp_retries2=15, kernel defaults)");
        });
    }

    @Test
    void theKernelsKeepaliveTimerOrDataInFlightTellHowSoonADeadPeerIsNoticed() {
        List<UnseenSockets.Unseen> unseen = UnseenSockets.find(jvm, List.of(), List.of(
                socket(opened, LiveSocket.ESTABLISHED, 0, LiveSocket.TIMER_KEEPALIVE),
                socket(journaled, LiveSocket.ESTABLISHED, 100, LiveSocket.TIMER_RETRANSMIT)),
                TcpSysctls.KERNEL_DEFAULTS);

        assertThat(unseen).extracting(UnseenSockets.Unseen::keepalive).containsExactly(
                "keepalive on: a dead peer is noticed within 2 h 11 min (keepalive 7200/75/9 of the namespace, "
                        + "unless the socket sets its own)",
                "data in flight: a dead peer is noticed when the retransmissions give up, after 15 min 25 s "
                        + "(tcp_retries2=15, kernel defaults)");
    }
}
