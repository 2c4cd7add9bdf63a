package tcptrace.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads back the packet comments of a little-endian pcapng file: one entry per enhanced packet block, null if none. */
public final class PcapngComments {
    private PcapngComments() {
    }

    public static List<String> of(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<String> comments = new ArrayList<>();
        while (b.remaining() >= 12) {
            int start = b.position();
            int type = b.getInt(start);
            int length = b.getInt(start + 4);
            if (length < 12 || length % 4 != 0 || b.getInt(start + length - 4) != length) {
                throw new AssertionError("bad block at " + start + ": length " + length);
            }
            if (type == 6) {
                int captured = b.getInt(start + 20);
                int options = start + 28 + (captured + 3) / 4 * 4;
                comments.add(comment(b, options, start + length - 4));
            }
            b.position(start + length);
        }
        if (b.hasRemaining()) {
            throw new AssertionError(b.remaining() + " bytes after the last block");
        }
        return comments;
    }

    private static String comment(ByteBuffer b, int at, int end) {
        while (at + 4 <= end) {
            int code = b.getShort(at) & 0xffff;
            int length = b.getShort(at + 2) & 0xffff;
            if (code == 0) {
                return null;
            }
            if (code == 1) {
                return new String(b.array(), at + 4, length, StandardCharsets.UTF_8);
            }
            at += 4 + (length + 3) / 4 * 4;
        }
        return null;
    }
}
