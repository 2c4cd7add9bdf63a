package tcptrace.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Reference;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The few socket moves the scenarios share. */
final class Sockets {
    static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.US_ASCII);

    private Sockets() {
    }

    /** Listens on the scenario's server address and tells the lab. */
    static ServerSocket listen(Role role) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(role.server());
        role.signal("LISTENING");
        return server;
    }

    /** The server half of most closes: one connection, read to the client's FIN, closed at once; then DONE. */
    static void closeAfterEof(Role role) throws IOException {
        try (ServerSocket listener = listen(role); Socket socket = listener.accept()) {
            readUntilEof(socket.getInputStream());
        }
        role.signal("DONE");
        role.park();
    }

    /** One connection accepted and held open, sending nothing of its own, until the lab ends the role. */
    static void acceptAndHold(Role role) throws IOException {
        ServerSocket listener = listen(role);
        Socket socket = listener.accept();
        role.park();
        Reference.reachabilityFence(socket);
        Reference.reachabilityFence(listener);
    }

    /** The client half of a normal close: connect, say hello, close; then DONE. */
    static void helloAndClose(Role role) throws IOException {
        try (Socket socket = connect(role)) {
            socket.getOutputStream().write(HELLO);
        }
        role.signal("DONE");
        role.park();
    }

    static Socket connect(Role role) throws IOException {
        Socket socket = new Socket();
        socket.connect(role.server(), 5_000);
        return socket;
    }

    /** A socket move that the scenario expects to fail. */
    interface FailingIo {
        void run() throws IOException;
    }

    /**
     * Runs {@code io}, which must end in an IOException ({@code expected} names it: "a timeout", "a reset"), and
     * tells the lab its message as {@code FAILED <message>}; an {@code io} that returns is the scenario gone wrong.
     */
    static void expectFailure(Role role, String expected, FailingIo io) {
        try {
            io.run();
        } catch (IOException failed) {
            role.signal("FAILED " + failed.getMessage());
            return;
        }
        throw new IllegalStateException("expected " + expected + ", read EOF");
    }

    /** Reads until the peer's FIN; returns how many bytes came before it. */
    static long readUntilEof(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
        }
        return total;
    }

    /** Reads exactly {@code length} bytes, or fails. */
    static void readExactly(InputStream in, int length) throws IOException {
        byte[] buffer = new byte[length];
        int done = 0;
        while (done < length) {
            int n = in.read(buffer, done, length - done);
            if (n < 0) {
                throw new IOException("end of stream after " + done + " of " + length + " bytes");
            }
            done += n;
        }
    }
}
