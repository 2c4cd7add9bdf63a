package tcptrace.scenario;

import static tcptrace.lab.Teardown.fin;

import java.net.Socket;
import java.util.List;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;
import tcptrace.lab.RoleProcess;
import tcptrace.lab.Stage;

/**
 * The client calls System.exit with its socket still open: shutdown hooks run, no close() does; the kernel closes
 * the socket when the process ends. The server reads EOF and closes.
 */
public final class SystemExit implements Scenario {

    @Override
    public String name() {
        return "system-exit";
    }

    @Override
    public String summary() {
        return "the client calls System.exit(0) with its socket open; the server reads EOF and closes";
    }

    @Override
    public void server(Role role) throws Exception {
        Sockets.closeAfterEof(role);
    }

    @Override
    public void client(Role role) throws Exception {
        Socket socket = Sockets.connect(role);
        socket.getOutputStream().write(Sockets.HELLO);
        role.signal("EXITING");
        // the socket is deliberately left open: the exit is what ends the connection
        System.exit(0);
    }

    @Override
    public void direct(Stage stage) {
        RoleProcess server = stage.start(Side.SERVER);
        server.awaitSignal("LISTENING");
        RoleProcess client = stage.start(Side.CLIENT);
        client.awaitExit();
        server.awaitSignal("DONE");
    }

    @Override
    public List<Expected> expected() {
        return List.of(Expected.fin(VerdictKind.PROCESS_EXIT, Side.CLIENT).exit("orderly"),
                Expected.fin(VerdictKind.APP_CLOSE, Side.SERVER));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown(fin(Side.CLIENT), fin(Side.SERVER));
    }
}
