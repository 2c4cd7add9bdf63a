package tcptrace.scenario;

import static tcptrace.lab.Teardown.fin;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;

/**
 * A half-close: the client sends its request and shuts down output (FIN), then still reads the answer. The server
 * reads to EOF, answers, and closes; the client's final close sends nothing more.
 */
public final class ShutdownOutput implements Scenario {

    @Override
    public String name() {
        return "shutdown-output";
    }

    @Override
    public String summary() {
        return "the client half-closes with shutdownOutput(); the server answers, then closes";
    }

    @Override
    public void server(Role role) throws Exception {
        try (ServerSocket listener = Sockets.listen(role); Socket socket = listener.accept()) {
            Sockets.readUntilEof(socket.getInputStream());
            socket.getOutputStream().write(Sockets.HELLO);
        }
        role.signal("DONE");
        role.park();
    }

    @Override
    public void client(Role role) throws Exception {
        try (Socket socket = Sockets.connect(role)) {
            socket.getOutputStream().write(Sockets.HELLO);
            socket.shutdownOutput();
            Sockets.readUntilEof(socket.getInputStream());
        }
        role.signal("DONE");
        role.park();
    }

    @Override
    public List<Expected> expected() {
        return List.of(Expected.fin(VerdictKind.APP_SHUTDOWN_OUTPUT, Side.CLIENT), Expected.fin(VerdictKind.APP_CLOSE, Side.SERVER));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown(fin(Side.CLIENT), fin(Side.SERVER));
    }
}
