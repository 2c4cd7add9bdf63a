package tcptrace.scenario;

import static tcptrace.lab.Teardown.rst;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;

/**
 * The client sets SO_LINGER to 0 and closes: the JDK skips its shutdown, close(2) aborts the connection with a RST
 * instead of a FIN. The server's read fails with "Connection reset"; its close sends nothing.
 */
public final class LingerZero implements Scenario {

    @Override
    public String name() {
        return "linger-zero";
    }

    @Override
    public String summary() {
        return "the client closes with SO_LINGER=0: a RST instead of a FIN";
    }

    @Override
    public void server(Role role) throws Exception {
        try (ServerSocket listener = Sockets.listen(role); Socket socket = listener.accept()) {
            Sockets.readExactly(socket.getInputStream(), Sockets.HELLO.length);
            socket.getOutputStream().write(Sockets.HELLO);
            Sockets.readUntilEof(socket.getInputStream());
            throw new IllegalStateException("expected a reset, read EOF");
        } catch (IOException expectedReset) {
            role.signal("DONE");
        }
        role.park();
    }

    @Override
    public void client(Role role) throws Exception {
        try (Socket socket = Sockets.connect(role)) {
            socket.getOutputStream().write(Sockets.HELLO);
            // the answer is consumed, so the RST below is due to SO_LINGER alone, not to unread data
            Sockets.readExactly(socket.getInputStream(), Sockets.HELLO.length);
            socket.setSoLinger(true, 0);
        }
        role.signal("DONE");
        role.park();
    }

    @Override
    public List<Expected> expected() {
        return List.of(Expected.rst(VerdictKind.APP_ABORT, Side.CLIENT));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown(rst(Side.CLIENT));
        // SO_LINGER=0 makes close(2) call tcp_disconnect(), which names its RST after the state it aborts
        truth.requireKernelReset(Side.CLIENT, "TCP_STATE", "TCP_ABORT_ON_LINGER");
    }
}
