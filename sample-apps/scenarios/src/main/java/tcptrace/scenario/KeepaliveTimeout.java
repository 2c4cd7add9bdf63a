package tcptrace.scenario;

import static tcptrace.lab.Teardown.rst;

import java.net.Socket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;
import tcptrace.lab.RoleProcess;
import tcptrace.lab.Stage;

/**
 * The client enables keepalive (idle 1 s, interval 1 s, 2 probes) and waits for an answer; the cable is cut while the
 * connection is idle. The probes go unanswered, the client's kernel gives up and sends a RST of its own; the app's
 * read fails with "Connection timed out".
 */
public final class KeepaliveTimeout implements Scenario {
    private static final Duration GIVE_UP_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "keepalive-timeout";
    }

    @Override
    public String summary() {
        return "cable cut while idle, keepalive on (1 s/1 s/2): the client's kernel gives up and resets";
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
            socket.setKeepAlive(true);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, 1);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, 1);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, 2);
            role.signal("CONNECTED");
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
        client.awaitSignal("DONE", GIVE_UP_TIMEOUT);
    }

    @Override
    public List<Expected> expected() {
        return List.of(Expected.rst(VerdictKind.KEEPALIVE_TIMEOUT, Side.CLIENT));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown(rst(Side.CLIENT));
        truth.requireKernelReset(Side.CLIENT, "TCP_KEEPALIVE_TIMEOUT");
    }
}
