package tcptrace.scenario;

import static tcptrace.lab.Teardown.fin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;

/**
 * The client closes; the server reads the end of the stream and closes at once. Its FIN usually leaves before the
 * delayed ACK of the client's FIN would (40 ms), so the ACK rides on it: the merged three-segment close. That is a
 * race against a timer, so the shape is shown, not required; {@link ClientCloseDelayed} always gives four segments.
 */
public final class ClientClose implements Scenario {

    @Override
    public String name() {
        return "client-close";
    }

    @Override
    public String summary() {
        return "the client closes; the server closes as soon as it reads EOF (usually a merged three-segment close)";
    }

    @Override
    public void server(Role role) throws Exception {
        warmUpClosePath();
        Sockets.closeAfterEof(role);
    }

    /**
     * "At once" should beat the peer's delayed-ACK timer (40 ms). A cold JVM loading and compiling its close path
     * rarely does; one round over the namespace's own loopback (never on the captured veth) warms it.
     */
    private static void warmUpClosePath() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                client.getOutputStream().write(Sockets.HELLO);
            }
            try (Socket accepted = listener.accept()) {
                Sockets.readUntilEof(accepted.getInputStream());
            }
        }
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
    }
}
