package tcptrace.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Offers a steady packet rate on the loopback interface for a bounded time: small writes with TCP_NODELAY over a
 * few connections to an in-process sink. The write rate is steered by the packets the interface actually
 * counts (data segments and the ACKs they draw), so that {@code --rate} means packets per second on the wire.
 * The sink listens on {@code --port} (so that a capture filter can name it beforehand). Prints {@code READY port}
 * once connected, and the achieved rate at the end.
 */
public final class LoopbackLoad {
    private static final Path LOOPBACK_PACKETS = Path.of("/sys/class/net/lo/statistics/rx_packets");
    private static final int MESSAGE_BYTES = 64;
    private static final long STEER_INTERVAL_NANOS = 100_000_000L;
    private static final long IDLE_PARK_NANOS = 20_000L;
    private static final double MAX_CATCH_UP_SECONDS = 0.005;

    private LoopbackLoad() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        double targetRate = options.decimal("rate", 25_000);
        long durationNanos = (long) (options.decimal("seconds", 5) * 1e9);
        int connectionCount = options.integer("connections", 8);

        try (ServerSocketChannel sink = ServerSocketChannel.open()) {
            sink.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.integer("port", 0)));
            Daemons.named("load-sink").newThread(() -> drain(sink)).start();
            List<SocketChannel> connections = new ArrayList<>();
            for (int i = 0; i < connectionCount; i++) {
                SocketChannel c = SocketChannel.open(sink.getLocalAddress());
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                connections.add(c);
            }
            System.out.println("READY " + ((InetSocketAddress) sink.getLocalAddress()).getPort());
            System.out.flush();
            double achieved = offer(connections, targetRate, durationNanos);
            Results.print("packets_per_second", achieved);
            for (SocketChannel c : connections) {
                c.close();
            }
        }
    }

    private static double offer(List<SocketChannel> connections, double targetRate, long durationNanos)
            throws IOException {
        ByteBuffer message = ByteBuffer.allocateDirect(MESSAGE_BYTES);
        double writesPerPacket = 1.0;
        long startPackets = loopbackPackets();
        long start = System.nanoTime();
        long steerAt = start + STEER_INTERVAL_NANOS;
        long steerPackets = startPackets;
        double writeCredit = 0;
        long last = start;
        int next = 0;
        long now = start;
        while (now - start < durationNanos) {
            // a writer that fell behind catches up by at most a few milliseconds' worth, not in one burst
            writeCredit = Math.min(writeCredit + (now - last) / 1e9 * targetRate * writesPerPacket,
                    targetRate * writesPerPacket * MAX_CATCH_UP_SECONDS);
            last = now;
            if (writeCredit < 1) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
            while (writeCredit >= 1) {
                message.clear();
                connections.get(next).write(message);
                next = (next + 1) % connections.size();
                writeCredit--;
            }
            now = System.nanoTime();
            if (now - steerAt >= 0) {
                long packets = loopbackPackets();
                double seen = packets - steerPackets;
                double expected = targetRate * (now - steerAt + STEER_INTERVAL_NANOS) / 1e9;
                if (seen > 0) {
                    // steer gently: the ACK share changes with the rate, the packet count is noisy
                    writesPerPacket *= Math.max(0.5, Math.min(2.0, Math.sqrt(expected / seen)));
                }
                steerPackets = packets;
                steerAt = now + STEER_INTERVAL_NANOS;
            }
        }
        return (loopbackPackets() - startPackets) * 1e9 / (System.nanoTime() - start);
    }

    private static long loopbackPackets() throws IOException {
        return Long.parseLong(Files.readString(LOOPBACK_PACKETS).trim());
    }

    private static void drain(ServerSocketChannel sink) {
        try {
            while (true) {
                SocketChannel accepted = sink.accept();
                Daemons.named("load-reader").newThread(() -> readAll(accepted)).start();
            }
        } catch (IOException closed) {
            // the load is over
        }
    }

    private static void readAll(SocketChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        try (channel) {
            while (channel.read(buffer.clear()) >= 0) {
                // discard
            }
        } catch (IOException closed) {
            // the load is over
        }
    }
}
