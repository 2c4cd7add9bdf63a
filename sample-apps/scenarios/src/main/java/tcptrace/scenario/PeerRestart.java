package tcptrace.scenario;

import static tcptrace.lab.Teardown.rst;

import java.lang.ref.Reference;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;
import tcptrace.lab.RoleProcess;
import tcptrace.lab.Stage;

/**
 * The server restarts while the cable is cut: the old process is killed and a new one listens on the same port.
 * The old server used SO_LINGER=0, so its kernel forgot the connection at once, as a rebooted host would (its RST
 * is lost to the cut). Once the cable is back, the client writes on its old connection; the server's kernel has no
 * socket for it and answers with a RST.
 */
public final class PeerRestart implements Scenario {

    @Override
    public String name() {
        return "peer-restart";
    }

    @Override
    public String summary() {
        return "the server restarts during a cable cut; the client then writes and gets a RST (peer lost state)";
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
        ServerSocket listener = Sockets.listen(role);
        Socket socket = listener.accept();
        socket.setSoLinger(true, 0);
        role.signal("ACCEPTED");
        role.park();
        Reference.reachabilityFence(socket);
        Reference.reachabilityFence(listener);
    }

    @Override
    public void client(Role role) throws Exception {
        try (Socket socket = Sockets.connect(role)) {
            role.signal("CONNECTED");
            role.awaitCommand("WRITE");
            Sockets.expectFailure(role, "a reset", () -> {
                socket.getOutputStream().write(Sockets.HELLO);
                Sockets.readUntilEof(socket.getInputStream());
            });
        }
        role.signal("DONE");
        role.park();
    }

    @Override
    public void direct(Stage stage) {
        RoleProcess oldServer = stage.start(Side.SERVER);
        oldServer.awaitSignal("LISTENING");
        RoleProcess client = stage.start(Side.CLIENT);
        client.awaitSignal("CONNECTED");
        oldServer.awaitSignal("ACCEPTED");
        stage.cutCable();
        oldServer.kill();
        stage.note("server killed during the cut");
        RoleProcess newServer = stage.start(Side.SERVER);
        newServer.awaitSignal("LISTENING");
        stage.note("new server listening on the same port");
        stage.restoreCable();
        client.send("WRITE");
        client.awaitSignal("DONE");
    }

    @Override
    public List<Expected> expected() {
        return List.of(Expected.rst(VerdictKind.PEER_RESET, Side.SERVER).reason("no-socket"));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown(rst(Side.SERVER));
        // the client's segment finds no connection, only the new listener, which refuses a non-SYN segment
        truth.requireKernelReset(Side.SERVER, "TCP_FLAGS");
    }
}
