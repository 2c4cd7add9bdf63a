package tcptrace.scenario;

import static tcptrace.lab.Teardown.fin;

import java.lang.ref.Reference;
import java.net.Socket;
import java.util.List;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;
import tcptrace.lab.RoleProcess;
import tcptrace.lab.Stage;

/**
 * kill -9 of the client while its connection is open: no Java code runs, the kernel closes the socket and sends the
 * FIN after the process is gone. The server reads EOF and closes.
 */
public final class ClientKilled implements Scenario {

    @Override
    public String name() {
        return "client-killed";
    }

    @Override
    public String summary() {
        return "the client is killed with SIGKILL while connected; the server reads EOF and closes";
    }

    @Override
    public void server(Role role) throws Exception {
        Sockets.closeAfterEof(role);
    }

    @Override
    public void client(Role role) throws Exception {
        Socket socket = Sockets.connect(role);
        socket.getOutputStream().write(Sockets.HELLO);
        role.signal("CONNECTED");
        role.park();
        // still reachable while parked: only the kill may end this connection, never the GC cleaner
        Reference.reachabilityFence(socket);
    }

    @Override
    public void direct(Stage stage) {
        RoleProcess server = stage.start(Side.SERVER);
        server.awaitSignal("LISTENING");
        RoleProcess client = stage.start(Side.CLIENT);
        client.awaitSignal("CONNECTED");
        client.kill();
        stage.note("client killed with SIGKILL");
        server.awaitSignal("DONE");
    }

    @Override
    public List<Expected> expected() {
        return List.of(Expected.fin(VerdictKind.PROCESS_EXIT, Side.CLIENT).exit("killed"),
                Expected.fin(VerdictKind.APP_CLOSE, Side.SERVER));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown(fin(Side.CLIENT), fin(Side.SERVER));
    }
}
