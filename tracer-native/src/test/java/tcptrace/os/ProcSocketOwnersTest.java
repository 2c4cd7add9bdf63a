package tcptrace.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.Endpoint;
import tcptrace.cli.e2e.PlainChild;
import tcptrace.cli.e2e.UntracedServer;
import tcptrace.testing.Await;

/** Against this machine's kernel: who holds a socket, found while it exists and remembered after it is gone. */
class ProcSocketOwnersTest {
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void ownerFoundAtTheSightingIsKnownAfterTheSocketIsGone() throws Exception {
        try (ProcSocketOwners owners = ProcSocketOwners.start();
             ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Endpoint local;
            Endpoint remote;
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 Socket accepted = server.accept()) {
                local = ends(client)[0];
                remote = ends(client)[1];
                owners.sighted(local, remote);
                Await.until("the owner of " + local, Duration.ofSeconds(10),
                        () -> owners.answered(local, remote) != null);
            }
            // closed: no descriptor links to the connection any more, but the early answer stands
            assertThat(owners.owner(local, remote)).hasValueSatisfying(o -> {
                assertThat(o.pid()).isEqualTo(SELF);
                assertThat(o.command()).isEqualTo("java");
            });
        }
    }

    @Test
    void aConnectionNeverSightedIsLookedUpWhenAskedWhileItsSocketExists() throws Exception {
        try (ProcSocketOwners owners = ProcSocketOwners.start();
             ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            Endpoint[] e = ends(accepted);
            assertThat(owners.owner(e[0], e[1])).map(SocketOwner::pid).hasValue(SELF);
        }
    }

    @Test
    void aSocketClosedBeforeAnyLookupHasNoOwner() throws Exception {
        try (ProcSocketOwners owners = ProcSocketOwners.start();
             ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Endpoint[] e;
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 Socket accepted = server.accept()) {
                e = ends(client);
            }
            assertThat(owners.owner(e[0], e[1])).isEmpty();
        }
    }

    @Test
    void theOwnerIsAnotherProcessWhenItHoldsTheSocket() throws Exception {
        try (ProcSocketOwners owners = ProcSocketOwners.start();
             PlainChild server = PlainChild.start(UntracedServer.class, "60000");
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.number())) {
            Endpoint[] e = ends(client);
            // the server's end of this connection: its local and remote are the client's swapped
            owners.sighted(e[1], e[0]);
            Await.until("the server's socket found", Duration.ofSeconds(10),
                    () -> owners.answered(e[1], e[0]) != null && owners.answered(e[1], e[0]).isPresent());
            Optional<SocketOwner> o = owners.owner(e[1], e[0]);
            assertThat(o).hasValue(new SocketOwner(server.pid(), "java"));
            assertThat(o.get().describe()).isEqualTo("pid " + server.pid() + " (java)");
            InputStream in = client.getInputStream();
            client.shutdownOutput();
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    private static Endpoint[] ends(Socket s) {
        return new Endpoint[] {Endpoint.of(s.getLocalAddress(), s.getLocalPort()).canonical(),
            Endpoint.of(s.getInetAddress(), s.getPort()).canonical()};
    }
}
