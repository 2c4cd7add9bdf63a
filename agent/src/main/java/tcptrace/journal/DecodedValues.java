package tcptrace.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.SocketOptionsSnapshot;

/**
 * The values a reader of one segment decodes again and again (a server's own endpoint, thread names, socket
 * options), each kept once: the events of a journal then share them, a reader of a busy JVM's journal makes an
 * object per new value rather than per field of every record, and a post-mortem holds one copy of each.
 * Direct-mapped by the value's bytes, so a miss costs one comparison and replaces the slot; not thread-safe.
 */
final class DecodedValues {
    private static final int SLOTS = 1 << 10;

    private final Endpoint[] endpoints = new Endpoint[SLOTS];
    private final String[] strings = new String[SLOTS];
    private final byte[][] stringBytes = new byte[SLOTS][];
    private final SocketOptionsSnapshot[] options = new SocketOptionsSnapshot[SLOTS];
    private final byte[] address = new byte[16];

    /** Reads an endpoint as {@link Endpoint#putTo} wrote it; null for the absent one. */
    Endpoint endpoint(ByteBuffer in) {
        int len = in.get();
        if (len == 0) {
            return null;
        }
        if (len != 4 && len != 16) {
            throw new IllegalArgumentException("address length " + len);
        }
        in.get(address, 0, len);
        int port = Short.toUnsignedInt(in.getShort());
        int h = port;
        for (int i = 0; i < len; i++) {
            h = h * 31 + address[i];
        }
        int slot = mix(h);
        Endpoint known = endpoints[slot];
        if (known != null && known.is(address, len, port)) {
            return known;
        }
        Endpoint e = new Endpoint(Arrays.copyOf(address, len), port);
        endpoints[slot] = e;
        return e;
    }

    /** Reads a string as the codec wrote it (length, then UTF-8); null for the absent one. */
    String string(ByteBuffer in, int maxLength) {
        int len = Short.toUnsignedInt(in.getShort());
        if (len == 0xffff) {
            return null;
        }
        if (len > maxLength) {
            throw new IllegalArgumentException("string of " + len + " bytes exceeds " + maxLength);
        }
        int from = in.position();
        int h = len;
        for (int i = 0; i < len; i++) {
            h = h * 31 + in.get(from + i);
        }
        int slot = mix(h);
        byte[] known = stringBytes[slot];
        if (known != null && known.length == len && sameBytes(in, from, known)) {
            in.position(from + len);
            return strings[slot];
        }
        byte[] b = new byte[len];
        in.get(b);
        String s = new String(b, StandardCharsets.UTF_8);
        stringBytes[slot] = b;
        strings[slot] = s;
        return s;
    }

    SocketOptionsSnapshot options(int keepAlive, int keepIdle, int keepInterval, int keepCount, int linger,
                                  int soTimeout) {
        int slot = mix(((((keepAlive * 31 + keepIdle) * 31 + keepInterval) * 31 + keepCount) * 31 + linger) * 31
                + soTimeout);
        SocketOptionsSnapshot known = options[slot];
        if (known != null && known.keepAlive() == keepAlive && known.keepIdle() == keepIdle
                && known.keepInterval() == keepInterval && known.keepCount() == keepCount
                && known.linger() == linger && known.soTimeout() == soTimeout) {
            return known;
        }
        SocketOptionsSnapshot o = new SocketOptionsSnapshot(keepAlive, keepIdle, keepInterval, keepCount, linger,
                soTimeout);
        options[slot] = o;
        return o;
    }

    private static boolean sameBytes(ByteBuffer in, int from, byte[] known) {
        for (int i = 0; i < known.length; i++) {
            if (in.get(from + i) != known[i]) {
                return false;
            }
        }
        return true;
    }

    private static int mix(int h) {
        h *= 0x9E37_79B9;
        return (h ^ h >>> 16) & (SLOTS - 1);
    }
}
