package tcptrace.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

final class Streams {
    private Streams() {
    }

    static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        int at = 0;
        while (at < length) {
            int n = in.read(bytes, at, length - at);
            if (n < 0) {
                throw new EOFException("peer closed after " + at + " of " + length + " bytes");
            }
            at += n;
        }
        return bytes;
    }

    /** Reads until {@code into} is full. */
    static void readFully(SocketChannel channel, ByteBuffer into) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into) < 0) {
                throw new EOFException("peer closed after " + into.position() + " of " + into.limit() + " bytes");
            }
        }
    }
}
