package tcptrace.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * Text as UTF-8, encoded in one pass into a buffer of its own: the charset encoder of an
 * {@code OutputStreamWriter} takes its slow, character-at-a-time path for the rest of a buffer after the first
 * non-ASCII character, and every verdict's explanation holds a "µs". Unpaired surrogates become '?', as there.
 * Not thread-safe: a {@code PrintWriter} in front of it serialises its writes.
 */
final class Utf8Writer extends Writer {
    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 13];
    private int count;
    /** A high surrogate waiting for its pair, which may come with the next write; 0 when none. */
    private char pendingHigh;

    Utf8Writer(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        byte[] b = buffer;
        for (int i = off, end = off + len; i < end; i++) {
            char c = chars[i];
            // the common case in a loop small enough to compile well; the rest out of line
            if (c < 0x80 && count < b.length && pendingHigh == 0) {
                b[count++] = (byte) c;
            } else {
                put(c);
            }
        }
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        byte[] b = buffer;
        for (int i = off, end = off + len; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x80 && count < b.length && pendingHigh == 0) {
                b[count++] = (byte) c;
            } else {
                put(c);
            }
        }
    }

    @Override
    public void write(int c) throws IOException {
        put((char) c);
    }

    private void put(char c) throws IOException {
        if (count > buffer.length - 4) {
            drain();
        }
        if (pendingHigh != 0) {
            char high = pendingHigh;
            pendingHigh = 0;
            if (Character.isLowSurrogate(c)) {
                int cp = Character.toCodePoint(high, c);
                buffer[count++] = (byte) (0xF0 | cp >> 18);
                buffer[count++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buffer[count++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buffer[count++] = (byte) (0x80 | cp & 0x3F);
                return;
            }
            buffer[count++] = '?';
        }
        if (c < 0x80) {
            buffer[count++] = (byte) c;
        } else if (c < 0x800) {
            buffer[count++] = (byte) (0xC0 | c >> 6);
            buffer[count++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c)) {
            pendingHigh = c;
        } else if (Character.isLowSurrogate(c)) {
            buffer[count++] = '?';
        } else {
            buffer[count++] = (byte) (0xE0 | c >> 12);
            buffer[count++] = (byte) (0x80 | c >> 6 & 0x3F);
            buffer[count++] = (byte) (0x80 | c & 0x3F);
        }
    }

    private void drain() throws IOException {
        out.write(buffer, 0, count);
        count = 0;
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (pendingHigh != 0) {
            pendingHigh = 0;
            put('?');
        }
        flush();
        out.close();
    }
}
