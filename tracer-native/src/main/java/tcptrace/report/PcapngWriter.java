package tcptrace.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a pcapng file: one section, one interface per link type met (timestamps in ns), and enhanced packet blocks
 * with an optional comment each (opt_comment, which Wireshark shows as the packet's comment).
 */
final class PcapngWriter implements AutoCloseable {
    private static final int SECTION_HEADER = 0x0A0D0D0A;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int INTERFACE_DESCRIPTION = 1;
    private static final int ENHANCED_PACKET = 6;
    private static final short OPT_END = 0;
    private static final short OPT_COMMENT = 1;
    private static final short IF_TSRESOL = 9;
    private static final byte NANOSECONDS = 9;
    private static final String APPLICATION = "tcptrace";

    private final OutputStream out;
    private final Map<Integer, Integer> interfaceByLinkType = new HashMap<>();
    private ByteBuffer block = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    PcapngWriter(Path file) throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        begin(SECTION_HEADER);
        block.putInt(BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1L); // version 1.0, length unknown
        option((short) 4, APPLICATION.getBytes(StandardCharsets.UTF_8)); // shb_userappl
        block.putShort(OPT_END).putShort((short) 0);
        end();
    }

    void packet(byte[] frame, int offset, int capturedLength, int wireLength, int linkType, long timeNanos,
                String comment) throws IOException {
        int iface = interfaceFor(linkType);
        byte[] text = comment == null ? null : comment.getBytes(StandardCharsets.UTF_8);
        ensure(64 + capturedLength + (text == null ? 0 : text.length));
        begin(ENHANCED_PACKET);
        block.putInt(iface).putInt((int) (timeNanos >>> 32)).putInt((int) timeNanos)
                .putInt(capturedLength).putInt(wireLength).put(frame, offset, capturedLength);
        pad();
        if (text != null) {
            option(OPT_COMMENT, text);
            block.putShort(OPT_END).putShort((short) 0);
        }
        end();
    }

    private int interfaceFor(int linkType) throws IOException {
        Integer id = interfaceByLinkType.get(linkType);
        if (id != null) {
            return id;
        }
        begin(INTERFACE_DESCRIPTION);
        block.putShort((short) linkType).putShort((short) 0).putInt(0); // snaplen 0: no limit
        option(IF_TSRESOL, new byte[] {NANOSECONDS});
        block.putShort(OPT_END).putShort((short) 0);
        end();
        interfaceByLinkType.put(linkType, interfaceByLinkType.size());
        return interfaceByLinkType.size() - 1;
    }

    private void ensure(int bytes) {
        if (block.capacity() < bytes) {
            block = ByteBuffer.allocate(Integer.highestOneBit(bytes) << 1).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private void begin(int type) {
        block.clear();
        block.putInt(type).putInt(0); // the length is filled in by end()
    }

    private void option(short code, byte[] value) {
        block.putShort(code).putShort((short) value.length).put(value);
        pad();
    }

    private void pad() {
        while (block.position() % 4 != 0) {
            block.put((byte) 0);
        }
    }

    private void end() throws IOException {
        int length = block.position() + 4;
        block.putInt(length);
        block.putInt(4, length);
        out.write(block.array(), 0, length);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
