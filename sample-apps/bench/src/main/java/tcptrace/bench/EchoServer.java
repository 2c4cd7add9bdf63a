package tcptrace.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-process server of the churn workload: echoes one message per connection, then waits for the client's
 * close before closing its own end, so that the client closes first, as a request/response client does.
 *
 * <p>It listens on several loopback ports. The client that closes first keeps each connection's port in TIME_WAIT
 * for a minute, and a connect to one server port has only the 28 k ephemeral ports to choose from: at 20 k
 * connections a second they are all taken within two seconds, and connect then spends its time searching for a
 * free one (the kernel's limit, not the application's or the agent's). Taking the server ports in turn gives each
 * its own set of client ports.
 *
 * <p>With {@code channels}, it listens and echoes through {@code ServerSocketChannel} and {@code SocketChannel}, so
 * that a channel churn has channels at both ends.
 */
final class EchoServer implements AutoCloseable {
    private static final int BACKLOG = 4096;
    private static final int PORTS = 16;

    private final List<AutoCloseable> servers = new ArrayList<>();
    private final List<InetSocketAddress> addresses = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final ExecutorService handlers;
    private final int messageBytes;

    EchoServer(int handlerThreads, int messageBytes, boolean channels) throws IOException {
        this.messageBytes = messageBytes;
        handlers = Executors.newFixedThreadPool(handlerThreads, Daemons.named("echo-handler"));
        ThreadFactory acceptors = Daemons.named("echo-acceptor");
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try {
            for (int i = 0; i < PORTS; i++) {
                if (channels) {
                    ServerSocketChannel server = ServerSocketChannel.open();
                    servers.add(server);
                    server.bind(any, BACKLOG);
                    addresses.add((InetSocketAddress) server.getLocalAddress());
                    acceptors.newThread(() -> acceptLoop(server)).start();
                } else {
                    ServerSocket server = new ServerSocket();
                    servers.add(server);
                    server.bind(any, BACKLOG);
                    addresses.add((InetSocketAddress) server.getLocalSocketAddress());
                    acceptors.newThread(() -> acceptLoop(server)).start();
                }
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** The next of the listening addresses, in turn. */
    InetSocketAddress nextAddress() {
        return addresses.get(Math.floorMod(next.getAndIncrement(), addresses.size()));
    }

    private void acceptLoop(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                handlers.execute(() -> echoOnce(socket));
            } catch (IOException closedOrFailed) {
                return;
            }
        }
    }

    private void acceptLoop(ServerSocketChannel server) {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                handlers.execute(() -> echoOnce(channel));
            } catch (IOException closedOrFailed) {
                return;
            }
        }
    }

    private void echoOnce(SocketChannel channel) {
        try (channel) {
            ByteBuffer message = ByteBuffer.allocate(messageBytes);
            Streams.readFully(channel, message);
            message.flip();
            while (message.hasRemaining()) {
                channel.write(message);
            }
            while (channel.read(message.clear()) >= 0) {
                // wait for the client's FIN: the client closes first
            }
        } catch (IOException ignored) {
            // the client went away; the workload counts its own failures
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
        for (AutoCloseable server : servers) {
            try {
                server.close();
            } catch (Exception e) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
        handlers.shutdownNow();
    }
}
