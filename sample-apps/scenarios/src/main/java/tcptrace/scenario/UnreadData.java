package tcptrace.scenario;

import static tcptrace.lab.Teardown.fin;
import static tcptrace.lab.Teardown.rst;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Reference;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;

/**
 * The client closes while the server's answer sits unread in its receive buffer. The JDK first shuts down output
 * (a FIN), then close(2) finds unread data and the kernel aborts (a RST, "TCP_ABORT_ON_CLOSE"). The server keeps
 * its socket: it does not close, so no packet of its own muddles the picture.
 */
public final class UnreadData implements Scenario {
    private static final int ANSWER_BYTES = 1000;

    @Override
    public String name() {
        return "unread-data";
    }

    @Override
    public String summary() {
        return "the client closes with 1000 unread bytes in its receive buffer: FIN, then RST";
    }

    @Override
    public void server(Role role) throws Exception {
        ServerSocket listener = Sockets.listen(role);
        Socket socket = listener.accept();
        socket.getOutputStream().write(new byte[ANSWER_BYTES]);
        try {
            Sockets.readUntilEof(socket.getInputStream());
        } catch (IOException reset) {
            // either EOF or the reset may be read first; both mean the client is gone
        }
        role.signal("DONE");
        role.park();
        // still reachable while parked: the server never closes, so it sends no packet of its own
        Reference.reachabilityFence(socket);
        Reference.reachabilityFence(listener);
    }

    @Override
    public void client(Role role) throws Exception {
        try (Socket socket = Sockets.connect(role)) {
            InputStream in = socket.getInputStream();
            while (in.available() < ANSWER_BYTES) {
                Thread.sleep(5);
            }
        }
        role.signal("DONE");
        role.park();
    }

    @Override
    public List<Expected> expected() {
        return List.of(Expected.fin(VerdictKind.APP_CLOSE, Side.CLIENT), Expected.rst(VerdictKind.APP_ABORT, Side.CLIENT));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown(fin(Side.CLIENT), rst(Side.CLIENT));
        truth.requireKernelReset(Side.CLIENT, "TCP_ABORT_ON_CLOSE");
    }
}
