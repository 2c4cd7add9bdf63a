package tcptrace.scenario;

import static tcptrace.lab.Teardown.fin;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;

/**
 * The client closes; the server reads EOF but closes only half a second later, after its kernel has acknowledged the
 * client's FIN on its own: the four-segment close.
 */
public final class ClientCloseDelayed implements Scenario {
    /** Longer than the kernel's delayed-ACK timer (40 ms to 200 ms), so the ACK cannot wait for the FIN. */
    private static final long CLOSE_DELAY_MILLIS = 500;

    @Override
    public String name() {
        return "client-close-delayed";
    }

    @Override
    public String summary() {
        return "the client closes; the server closes 500 ms after reading EOF (four-segment close)";
    }

    @Override
    public void server(Role role) throws Exception {
        try (ServerSocket listener = Sockets.listen(role); Socket socket = listener.accept()) {
            Sockets.readUntilEof(socket.getInputStream());
            Thread.sleep(CLOSE_DELAY_MILLIS);
        }
        role.signal("DONE");
        role.park();
    }

    @Override
    public void client(Role role) throws Exception {
        Sockets.helloAndClose(role);
    }

    @Override
    public List<Expected> expected() {
        return List.of(Expected.fin(VerdictKind.APP_CLOSE, Side.CLIENT), Expected.fin(VerdictKind.APP_CLOSE, Side.SERVER));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown(fin(Side.CLIENT), fin(Side.SERVER));
        truth.requireCloseSegments(4);
    }
}
