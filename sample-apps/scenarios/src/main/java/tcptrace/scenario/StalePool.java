package tcptrace.scenario;

import static tcptrace.lab.Teardown.fin;
import static tcptrace.lab.Teardown.rst;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.ref.Reference;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;
import tcptrace.lab.RoleProcess;
import tcptrace.lab.Stage;

/**
 * A keep-alive server (untraced) that closes a connection once it has been idle for 1 s, as nginx does after its
 * keepalive_timeout; a client that keeps its connection in a pool of one and reuses it after the server closed it.
 * The request is written on the dead connection, the server's kernel answers with a RST, and the client reads
 * end-of-stream where it expected a reply (Apache HttpClient's NoHttpResponseException, OkHttp's "unexpected end of
 * stream").
 */
public final class StalePool implements Scenario {
    /** The server's idle timeout. */
    static final int IDLE_TIMEOUT_MILLIS = 1_000;
    private static final byte[] REQUEST = "GET /orders\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLY = "200 orders\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "stale-pool";
    }

    @Override
    public String summary() {
        return "the (untraced) server closes an idle keep-alive connection after 1 s; the client's pool reuses it";
    }

    @Override
    public boolean needsNamespaces() {
        return true; // the server must be a peer, not an end on this host
    }

    @Override
    public Set<Side> traced() {
        return EnumSet.of(Side.CLIENT);
    }

    @Override
    public void server(Role role) throws Exception {
        ServerSocket listener = Sockets.listen(role);
        Socket socket = listener.accept();
        socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.US_ASCII));
        try {
            while (in.readLine() != null) {
                socket.getOutputStream().write(REPLY);
            }
        } catch (SocketTimeoutException idle) {
            socket.close();
            role.signal("IDLE_CLOSED");
        }
        role.park();
        Reference.reachabilityFence(listener);
    }

    @Override
    public void client(Role role) throws Exception {
        Socket pooled = Sockets.connect(role);
        exchange(pooled);
        role.signal("IDLE");
        role.awaitCommand("REUSE");
        try {
            exchange(pooled);
            throw new IllegalStateException("the server answered on a connection it had closed");
        } catch (IOException failed) {
            role.signal("FAILED " + failed.getMessage());
        } finally {
            pooled.close(); // as a pool discards a connection that failed
        }
        role.signal("DONE");
        role.park();
    }

    /** One request and its reply; a reply cut short is the IOException a pooled client reports. */
    private static void exchange(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(REQUEST);
        out.flush();
        Sockets.readExactly(socket.getInputStream(), REPLY.length);
    }

    @Override
    public void direct(Stage stage) {
        RoleProcess server = stage.start(Side.SERVER);
        server.awaitSignal("LISTENING");
        RoleProcess client = stage.start(Side.CLIENT);
        client.awaitSignal("IDLE");
        server.awaitSignal("IDLE_CLOSED");
        stage.note("the server closed the idle connection");
        client.send("REUSE");
        client.awaitSignal("DONE");
    }

    @Override
    public List<Expected> expected() {
        // the client's close after the RST sends nothing: the kernel has forgotten the connection
        return List.of(Expected.fin(VerdictKind.PEER_CLOSE, Side.SERVER),
                Expected.rst(VerdictKind.PEER_RESET, Side.SERVER).reason("closed"));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown(fin(Side.SERVER), rst(Side.SERVER));
        // the closed socket of the server is in FIN_WAIT_2 (or gone): data arriving for it is aborted
        truth.requireKernelReset(Side.SERVER, "TCP_ABORT_ON_DATA");
    }
}
