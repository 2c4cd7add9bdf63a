package tcptrace.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Bulk transfer over loopback: an in-process sender writes without pause, the measured side reads in 64 KiB reads
 * through {@code Socket} ({@code --api socket}) or {@code SocketChannel} ({@code --api channel}). Prints MB/s
 * (10^6 bytes) over the measured window, and MB per second of the process's CPU time; with {@code --slices}, reads
 * in the slices its runner asks for ({@link SliceLoop}), and says bytes.
 */
public final class BulkWorkload {
    private static final int CHUNK_BYTES = 64 * 1024;

    private BulkWorkload() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        String api = options.string("api", "socket");
        long warmupNanos = (long) (options.decimal("warmup", 2) * 1e9);
        long measureNanos = (long) (options.decimal("seconds", 3) * 1e9);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread sender = Daemons.named("bulk-sender").newThread(() -> sendForever(server));
            sender.start();
            InetSocketAddress address = (InetSocketAddress) server.getLocalSocketAddress();
            ChunkReader reader = switch (api) {
                case "socket" -> socketReader(address);
                case "channel" -> channelReader(address);
                default -> throw new IllegalArgumentException("--api socket|channel, not " + api);
            };
            try (reader) {
                readFor(reader, warmupNanos);
                if (options.flag("slices")) {
                    SliceLoop.serve(nanos -> readFor(reader, nanos), new BufferedReader(new InputStreamReader(
                            System.in, StandardCharsets.UTF_8)), System.out);
                    return;
                }
                long start = System.nanoTime();
                long cpuStart = ProcessCpu.nanos();
                long bytes = readFor(reader, measureNanos);
                double cpuSeconds = (ProcessCpu.nanos() - cpuStart) / 1e9;
                double seconds = (System.nanoTime() - start) / 1e9;
                Results.print("megabytes_per_second", bytes / 1e6 / seconds);
                Results.print("megabytes_per_cpu_second", bytes / 1e6 / cpuSeconds);
            }
        }
    }

    private interface ChunkReader extends AutoCloseable {
        int read() throws IOException;

        @Override
        void close() throws IOException;
    }

    private static long readFor(ChunkReader reader, long nanos) throws IOException {
        long deadline = System.nanoTime() + nanos;
        long bytes = 0;
        while (System.nanoTime() - deadline < 0) {
            int n = reader.read();
            if (n < 0) {
                throw new IOException("the sender closed early");
            }
            bytes += n;
        }
        return bytes;
    }

    private static ChunkReader socketReader(InetSocketAddress address) throws IOException {
        Socket socket = new Socket(address.getAddress(), address.getPort());
        InputStream in = socket.getInputStream();
        byte[] chunk = new byte[CHUNK_BYTES];
        return new ChunkReader() {
            @Override
            public int read() throws IOException {
                return in.read(chunk);
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }

    private static ChunkReader channelReader(InetSocketAddress address) throws IOException {
        SocketChannel channel = SocketChannel.open(address);
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);
        return new ChunkReader() {
            @Override
            public int read() throws IOException {
                chunk.clear();
                return channel.read(chunk);
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    private static void sendForever(ServerSocket server) {
        byte[] chunk = new byte[CHUNK_BYTES];
        try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException readerClosed) {
            // the measured side is done
        }
    }
}
