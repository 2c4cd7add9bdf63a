package tcptrace.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.Endpoint;
import tcptrace.testing.Await;

class LiveSocketsTest {
    @Test
    void parsesKernelByteOrderForBothFamilies() {
        List<LiveSocket> s = LiveSockets.parse(List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1F90 0100007F:9C40 01 00000000:00000005 02:000A0000 00000000     0        0 4242 1",
                "   1: 00000000000000000000000001000000:0050 0000000000000000FFFF00000100007F:9C41 01 00000010:00000000 "
                        + "01:00000000 00000000 0 0 4343 1"));

        assertThat(s.get(0).local().toString()).isEqualTo("127.0.0.1:8080");
        assertThat(s.get(0).remote().toString()).isEqualTo("127.0.0.1:40000");
        assertThat(s.get(0).rxQueue()).isEqualTo(5);
        assertThat(s.get(0).timerActive()).isEqualTo(LiveSocket.TIMER_KEEPALIVE);
        assertThat(s.get(0).inode()).isEqualTo(4242);
        assertThat(s.get(0).idleMillis()).as("no idle time in /proc/net/tcp").isEqualTo(LiveSocket.IDLE_UNKNOWN);
        assertThat(s.get(0).withIdle(5_000).idleFor(5_000)).isTrue();
        assertThat(s.get(0).withIdle(4_999).idleFor(5_000)).isFalse();
        assertThat(s.get(0).idleFor(0)).as("unknown is not idle").isFalse();
        assertThat(s.get(1).local().toString()).isEqualTo("[0:0:0:0:0:0:0:1]:80");
        assertThat(s.get(1).remote().toString()).isEqualTo("127.0.0.1:40001");
        assertThat(s.get(1).withIdle(5_000).idleFor(0)).as("data in flight").isFalse();
    }

    @Test
    void theKernelsIdleTimeGrowsWhileNoDataFlowsAndRestartsWithData() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            Endpoint local = Endpoint.of(client.getLocalAddress(), client.getLocalPort()).canonical();
            client.getOutputStream().write(1);
            assertThat(accepted.getInputStream().read()).isEqualTo(1);
            Await.until("the client idle for 1 s", Duration.ofSeconds(10), () -> idleOf(local) >= 1_000);
            long before = idleOf(local);

            accepted.getOutputStream().write(2);
            assertThat(client.getInputStream().read()).isEqualTo(2);
            // counted again from the new data: below what had gone by before it, however slow this machine is
            assertThat(idleOf(local)).as("data just came in").isBetween(0L, before - 1);
        }
    }

    private static long idleOf(Endpoint local) {
        try {
            return LiveSockets.of(ProcessHandle.current().pid()).stream().filter(s -> s.local().equals(local))
                    .findFirst().orElseThrow().idleMillis();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void findsThisProcesssOwnConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            Endpoint local = Endpoint.of(client.getLocalAddress(), client.getLocalPort()).canonical();
            List<LiveSocket> mine = LiveSockets.of(ProcessHandle.current().pid());

            assertThat(mine).anySatisfy(s -> {
                assertThat(s.local()).isEqualTo(local);
                assertThat(s.remote().port()).isEqualTo(server.getLocalPort());
                assertThat(s.state()).isEqualTo(LiveSocket.ESTABLISHED);
            });
        }
    }
}
