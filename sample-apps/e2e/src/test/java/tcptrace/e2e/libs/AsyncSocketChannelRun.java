package tcptrace.e2e.libs;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's AsynchronousSocketChannel on both ends: the client sends 100 bytes and closes; the server reads them
 * and the end of the stream, then closes.
 */
final class AsyncSocketChannelRun implements LibraryRun {
    private static final int PAYLOAD = 100;

    @Override
    public void run(int port) throws Exception {
        try (AsynchronousServerSocketChannel listener = AsynchronousServerSocketChannel.open()
                .bind(new InetSocketAddress(HOST, port))) {
            Future<AsynchronousSocketChannel> accepted = listener.accept();
            AsynchronousSocketChannel client = AsynchronousSocketChannel.open();
            client.connect(new InetSocketAddress(HOST, port)).get(10, TimeUnit.SECONDS);
            try (AsynchronousSocketChannel served = accepted.get(10, TimeUnit.SECONDS)) {
                ByteBuffer out = ByteBuffer.allocate(PAYLOAD);
                while (out.hasRemaining()) {
                    client.write(out).get(10, TimeUnit.SECONDS);
                }
                client.close();
                ByteBuffer in = ByteBuffer.allocate(PAYLOAD + 1);
                long read = 0;
                for (int n; (n = served.read(in).get(10, TimeUnit.SECONDS)) >= 0; in.clear()) {
                    read += n;
                }
                Check.bytes(read, PAYLOAD);
            }
        }
    }
}
