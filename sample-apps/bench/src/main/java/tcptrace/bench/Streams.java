package tcptrace.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

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
}
