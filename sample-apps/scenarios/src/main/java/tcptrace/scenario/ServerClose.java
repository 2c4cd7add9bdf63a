package tcptrace.scenario;

import static tcptrace.lab.Teardown.fin;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;

/**
 * The server answers and closes first; the client reads to EOF and closes. The server runs without the agent, so
 * its FIN is the peer's: PEER_CLOSE, while the client's own FIN is an APP_CLOSE.
 */
public final class ServerClose implements Scenario {

    @Override
    public String name() {
        return "server-close";
    }

    @Override
    public String summary() {
        return "the (untraced) server replies and closes; the client reads EOF and closes";
    }

    /** The untraced server must be a remote peer: on loopback it is an end of this host, which is never PEER_*. */
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
        try (ServerSocket listener = Sockets.listen(role); Socket socket = listener.accept()) {
            Sockets.readExactly(socket.getInputStream(), Sockets.HELLO.length);
            socket.getOutputStream().write(Sockets.HELLO);
        }
        role.signal("DONE");
        role.park();
    }

    @Override
    public void client(Role role) throws Exception {
        try (Socket socket = Sockets.connect(role)) {
            socket.getOutputStream().write(Sockets.HELLO);
            Sockets.readUntilEof(socket.getInputStream());
        }
        role.signal("DONE");
        role.park();
    }

    @Override
    public List<Expected> expected() {
        return List.of(Expected.fin(VerdictKind.PEER_CLOSE, Side.SERVER), Expected.fin(VerdictKind.APP_CLOSE, Side.CLIENT));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown(fin(Side.SERVER), fin(Side.CLIENT));
    }
}
