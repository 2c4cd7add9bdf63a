package tcptrace.cli.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The untraced side of the scenarios: reads until the client is done, answers 'D' with data, then closes. A
 * connection it sent data on stays open after the client's FIN until the server closes: its FIN would otherwise race
 * the client's close(2), and a client socket that already got the server's FIN is gone, so it resets nothing.
 */
public final class ScenarioServer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    public ScenarioServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "scenario-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "scenario-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        boolean sentData = false;
        try {
            InputStream in = s.getInputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == ScenarioClient.SEND_ME_DATA) {
                    s.getOutputStream().write(new byte[1000]);
                    sentData = true;
                }
            }
        } catch (IOException reset) {
            // the client reset the connection: that is a scenario too
        }
        if (sentData) {
            held.add(s);
        } else {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all that was left to do
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        held.forEach(ScenarioServer::closeQuietly);
    }
}
