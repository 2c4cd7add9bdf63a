package tcptrace.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The peer of {@link HoldConnections}, in its own JVM without the agent, so that the measured JVM holds only its
 * own ends: accepts and keeps every connection open until its standard input closes. Prints {@code READY port}.
 */
public final class HoldServer {
    private static final int BACKLOG = 4096;

    private HoldServer() {
    }

    public static void main(String[] args) throws IOException {
        List<SocketChannel> held = new ArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
            Thread acceptor = Daemons.named("hold-acceptor").newThread(() -> {
                try {
                    while (true) {
                        SocketChannel accepted = server.accept();
                        synchronized (held) {
                            held.add(accepted);
                        }
                    }
                } catch (IOException closed) {
                    // stdin closed: the measurement is over
                }
            });
            acceptor.start();
            System.out.println("READY " + ((InetSocketAddress) server.getLocalAddress()).getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the runner closes our stdin
            }
        }
    }
}
