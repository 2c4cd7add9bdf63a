package tcptrace.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The in-process server of the churn workload: echoes one message per connection, then waits for the client's
 * close before closing its own end, so that the client closes first, as a request/response client does.
 */
final class EchoServer implements AutoCloseable {
    private static final int BACKLOG = 4096;

    private final ServerSocket server;
    private final ExecutorService handlers;
    private final Thread acceptor;
    private final int messageBytes;

    EchoServer(int handlerThreads, int messageBytes) throws IOException {
        this.messageBytes = messageBytes;
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
        handlers = Executors.newFixedThreadPool(handlerThreads, Daemons.named("echo-handler"));
        acceptor = Daemons.named("echo-acceptor").newThread(this::acceptLoop);
        acceptor.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                handlers.execute(() -> echoOnce(socket));
            } catch (IOException closedOrFailed) {
                return;
            }
        }
    }

    private void echoOnce(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] message = Streams.readFully(in, messageBytes);
            out.write(message);
            while (in.read(message) >= 0) {
                // wait for the client's FIN: the client closes first
            }
        } catch (IOException ignored) {
            // the client went away; the workload counts its own failures
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        handlers.shutdownNow();
    }
}
