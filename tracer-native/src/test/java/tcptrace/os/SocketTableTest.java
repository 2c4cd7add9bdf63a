package tcptrace.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.Endpoint;

/** The kernel's sock_diag dump gives the sockets /proc/net/tcp shows, TIME_WAIT left out. */
class SocketTableTest {
    @Test
    void findsBothEndsOfAnOpenConnectionAsProcNetTcpShowsThem() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            Endpoint c = Endpoint.of(client.getLocalAddress(), client.getLocalPort()).canonical();
            Endpoint s = Endpoint.of(accepted.getLocalAddress(), accepted.getLocalPort()).canonical();
            SocketTable table = SocketTable.read();
            LiveSocket clientEnd = table.find(new SocketTable.Key(c, s));
            LiveSocket serverEnd = table.find(new SocketTable.Key(s, c));
            assertThat(clientEnd).isNotNull();
            assertThat(serverEnd).isNotNull();
            assertThat(clientEnd.state()).isEqualTo(LiveSocket.ESTABLISHED);
            assertThat(clientEnd.inode()).isPositive().isNotEqualTo(serverEnd.inode());
            // the same fields as the text table gives (the queues are empty, the inodes fixed)
            assertThat(fromProc()).contains(clientEnd, serverEnd);
        }
    }

    @Test
    void leavesOutTimeWait() throws Exception {
        Endpoint closedFirst;
        Endpoint other;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket client = new Socket();
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            Socket accepted = server.accept();
            closedFirst = Endpoint.of(client.getLocalAddress(), client.getLocalPort()).canonical();
            other = Endpoint.of(accepted.getLocalAddress(), accepted.getLocalPort()).canonical();
            client.close(); // the end that closes first goes to TIME_WAIT once the other closes too
            accepted.close();
        }
        SocketTable.Key key = new SocketTable.Key(closedFirst, other);
        long deadline = System.nanoTime() + 10_000_000_000L;
        // the client end passes FIN_WAIT2 on its way to TIME_WAIT: wait until /proc shows it there
        while (!inTimeWait(key) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(inTimeWait(key)).as("/proc/net/tcp shows the closing end in TIME_WAIT").isTrue();
        assertThat(SocketTable.read().find(key)).isNull();
    }

    private static boolean inTimeWait(SocketTable.Key key) throws Exception {
        for (LiveSocket s : fromProc()) {
            if (s.local().equals(key.local()) && s.remote().equals(key.remote()) && s.state() == 6) {
                return true;
            }
        }
        return false;
    }

    private static List<LiveSocket> fromProc() throws Exception {
        List<LiveSocket> all = new ArrayList<>();
        for (String t : List.of("tcp", "tcp6")) {
            Path p = Path.of("/proc/self/net", t);
            if (Files.exists(p)) {
                all.addAll(LiveSockets.parse(Files.readAllLines(p)));
            }
        }
        return all;
    }
}
