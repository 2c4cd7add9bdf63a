package tcptrace.scenario;

import java.net.Socket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;
import tcptrace.lab.RoleProcess;
import tcptrace.lab.Stage;

/**
 * The cable is cut, then the client writes. Its kernel retransmits with a doubling timeout until tcp_retries2 (3 in
 * the lab's client namespace) runs out, then gives up without sending anything: the app's read fails with
 * "Connection timed out". The connection ends without a FIN or RST.
 */
public final class RetransmissionTimeout implements Scenario {
    private static final Duration GIVE_UP_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "retransmission-timeout";
    }

    @Override
    public String summary() {
        return "cable cut with data in flight: retransmissions, then the client's kernel gives up (tcp_retries2=3)";
    }

    @Override
    public boolean needsNamespaces() {
        return true;
    }

    @Override
    public Set<Side> traced() {
        return EnumSet.of(Side.CLIENT);
    }

    @Override
    public void server(Role role) throws Exception {
        Sockets.acceptAndHold(role);
    }

    @Override
    public void client(Role role) throws Exception {
        try (Socket socket = Sockets.connect(role)) {
            role.signal("CONNECTED");
            role.awaitCommand("WRITE");
            socket.getOutputStream().write(Sockets.HELLO);
            Sockets.expectFailure(role, "a timeout", () -> Sockets.readUntilEof(socket.getInputStream()));
        }
        role.signal("DONE");
        role.park();
    }

    @Override
    public void direct(Stage stage) {
        RoleProcess server = stage.start(Side.SERVER);
        server.awaitSignal("LISTENING");
        RoleProcess client = stage.start(Side.CLIENT);
        client.awaitSignal("CONNECTED");
        stage.cutCable();
        client.send("WRITE");
        client.awaitSignal("DONE", GIVE_UP_TIMEOUT);
        stage.note("client: " + client.signals().stream().filter(s -> s.startsWith("FAILED")).findFirst()
                .orElse("FAILED ?").substring("FAILED ".length()));
    }

    @Override
    public List<Expected> expected() {
        return List.of(Expected.withoutPacket(VerdictKind.RETRANSMISSION_TIMEOUT, Side.CLIENT));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown();
        truth.requireRetransmissions(Side.CLIENT);
        truth.requireKernelState(Side.CLIENT, "TCP_CLOSE");
    }
}
