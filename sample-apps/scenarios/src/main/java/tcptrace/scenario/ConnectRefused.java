package tcptrace.scenario;

import static tcptrace.lab.Teardown.rst;

import java.net.ConnectException;
import java.net.Socket;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;
import tcptrace.lab.RoleProcess;
import tcptrace.lab.Stage;

/** The client connects to a port where nothing listens: the server's kernel answers the SYN with a RST. */
public final class ConnectRefused implements Scenario {

    @Override
    public String name() {
        return "connect-refused";
    }

    @Override
    public String summary() {
        return "the client connects to a closed port: the SYN is answered with a RST";
    }

    @Override
    public Set<Side> traced() {
        return EnumSet.of(Side.CLIENT);
    }

    @Override
    public void server(Role role) {
        throw new UnsupportedOperationException("nothing listens in this scenario");
    }

    @Override
    public void client(Role role) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(role.server(), 5_000);
            throw new IllegalStateException("connected although nothing listens");
        } catch (ConnectException refused) {
            role.signal("FAILED " + refused.getMessage());
        }
        role.signal("DONE");
        role.park();
    }

    @Override
    public void direct(Stage stage) {
        RoleProcess client = stage.start(Side.CLIENT);
        client.awaitSignal("DONE");
    }

    @Override
    public List<Expected> expected() {
        return List.of(Expected.rst(VerdictKind.PEER_RESET, Side.SERVER).reason("refused"));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown(rst(Side.SERVER));
        truth.requireKernelReset(Side.SERVER, "NO_SOCKET");
    }
}
