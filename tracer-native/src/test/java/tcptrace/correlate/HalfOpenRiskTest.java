package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.correlate.Conversation.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketOptionsSnapshot;
import tcptrace.os.LiveSocket;
import tcptrace.os.TcpSysctls;

class HalfOpenRiskTest {
    private final Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080),
            1, 2);
    private final TracedJvm jvm = Evidence.running(99);

    private List<AppConnection> journaled(SocketOptionsSnapshot options, boolean closed) {
        Correlator c = Correlator.postMortem(v -> { });
        c.onAppEvent(new AppEvent(jvm, conv.event(true, EventKind.CONNECT, 0, 0, "main", CloseActor.NONE, 0, options,
                null, List.of())));
        if (closed) {
            c.onAppEvent(new AppEvent(jvm, conv.simple(true, EventKind.CLOSE, 10, 0, "main")));
        }
        return new ArrayList<>(c.appConnections());
    }

    private static final Duration IDLE = HalfOpenRisk.DEFAULT_IDLE;

    private LiveSocket socket(long txQueue, int timer) {
        return socket(txQueue, timer, IDLE.toMillis() + 5_000);
    }

    private LiveSocket socket(long txQueue, int timer, long idleMillis) {
        return new LiveSocket(conv.client, conv.server, LiveSocket.ESTABLISHED, txQueue, 0, timer, 1, idleMillis);
    }

    @Test
    void idleConnectionWithKeepaliveOffIsARiskWithTheTimeToDetect() {
        List<Verdict> risks = HalfOpenRisk.find(jvm, journaled(SocketOptionsSnapshot.DEFAULTS, false),
                List.of(socket(0, 0)), TcpSysctls.KERNEL_DEFAULTS, 42, IDLE);

        assertThat(risks).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.HALF_OPEN_RISK);
            assertThat(v.src()).isEqualTo(conv.client);
            assertThat(v.packet()).isNull();
            assertThat(v.pid()).isEqualTo(99L);
            assertThat(v.explanation()).startsWith("open with keepalive off and no data either way for 1 min 5 s "
                    + "(idle from 1 min): if 10.9.0.2:8080 vanished now, this host would never notice")
                    .contains("15 min 25 s (tcp_retries2=15");
        });
    }

    @Test
    void keepaliveOnBusyOrClosedConnectionsAreNoRisk() {
        TcpSysctls s = TcpSysctls.KERNEL_DEFAULTS;
        assertThat(HalfOpenRisk.find(jvm, journaled(SocketOptionsSnapshot.DEFAULTS.withKeepAlive(true), false),
                List.of(socket(0, 0)), s, 0, IDLE)).isEmpty();
        assertThat(HalfOpenRisk.find(jvm, journaled(SocketOptionsSnapshot.DEFAULTS, false),
                List.of(socket(100, LiveSocket.TIMER_RETRANSMIT)), s, 0, IDLE)).isEmpty();
        assertThat(HalfOpenRisk.find(jvm, journaled(SocketOptionsSnapshot.DEFAULTS, true),
                List.of(socket(0, 0)), s, 0, IDLE)).isEmpty();
    }

    @Test
    void aConnectionInUseBetweenTwoRequestsIsNoRisk() {
        List<AppConnection> apps = journaled(SocketOptionsSnapshot.DEFAULTS, false);
        TcpSysctls s = TcpSysctls.KERNEL_DEFAULTS;
        // nothing in flight, no timer: only the time since its last data tells it from an idle one
        assertThat(HalfOpenRisk.find(jvm, apps, List.of(socket(0, 0, 2_000)), s, 0, IDLE)).isEmpty();
        assertThat(HalfOpenRisk.find(jvm, apps, List.of(socket(0, 0, IDLE.toMillis() - 1)), s, 0, IDLE)).isEmpty();
        assertThat(HalfOpenRisk.find(jvm, apps, List.of(socket(0, 0, IDLE.toMillis())), s, 0, IDLE)).hasSize(1);
        assertThat(HalfOpenRisk.find(jvm, apps, List.of(socket(0, 0, LiveSocket.IDLE_UNKNOWN)), s, 0, IDLE))
                .as("an idle time the kernel did not give is no evidence").isEmpty();
    }

    @Test
    void theThresholdIsTheCallers() {
        List<AppConnection> apps = journaled(SocketOptionsSnapshot.DEFAULTS, false);
        assertThat(HalfOpenRisk.find(jvm, apps, List.of(socket(0, 0, 3_500)), TcpSysctls.KERNEL_DEFAULTS, 0,
                Duration.ofSeconds(3))).singleElement().satisfies(v -> assertThat(v.explanation())
                .startsWith("open with keepalive off and no data either way for 3.5 s (idle from 3.0 s)"));
    }

    @Test
    void unknownOptionsFallBackToTheKernelsKeepaliveTimer() {
        TcpSysctls s = TcpSysctls.KERNEL_DEFAULTS;
        assertThat(HalfOpenRisk.find(jvm, journaled(SocketOptionsSnapshot.UNKNOWN, false),
                List.of(socket(0, LiveSocket.TIMER_KEEPALIVE)), s, 0, IDLE)).isEmpty();
        assertThat(HalfOpenRisk.find(jvm, journaled(SocketOptionsSnapshot.UNKNOWN, false),
                List.of(socket(0, 0)), s, 0, IDLE)).hasSize(1);
    }
}
