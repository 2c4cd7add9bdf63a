package tcptrace.testapp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A client writes 5 + 7 bytes with one gathering write and closes; the server reads them with scattering reads
 * until end of stream and closes. Prints the client's local port and the bytes the server read.
 */
public final class ScatterGather {
    public static void main(String[] args) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            try (SocketChannel served = listener.accept()) {
                ByteBuffer[] out = {ByteBuffer.wrap("hello".getBytes()), ByteBuffer.wrap(", world".getBytes())};
                while (out[1].hasRemaining()) {
                    client.write(out);
                }
                int port = ((InetSocketAddress) client.getLocalAddress()).getPort();
                client.close();
                long total = 0;
                ByteBuffer[] in = {ByteBuffer.allocate(4), ByteBuffer.allocate(64)};
                for (long n; (n = served.read(in)) >= 0; ) {
                    total += n;
                    in[0].clear();
                    in[1].clear();
                }
                System.out.println("client " + port + " read " + total);
            }
        }
    }
}
