package tcptrace.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static tcptrace.capture.ByteOrderAccess.putInt32;
import static tcptrace.capture.ByteOrderAccess.putUint16;
import static tcptrace.capture.PcapFormat.*;

/**
 * Writes a classic pcap file with nanosecond timestamps, in little-endian order as libpcap does on x86. Frames longer
 * than the snaplen are cut to it, and the record keeps their wire length, as a capture would have done.
 */
public final class PcapFileWriter implements AutoCloseable {
    private static final int BUFFER_SIZE = 1 << 20;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final boolean BIG_ENDIAN = false;

    private final FileChannel channel;
    private final int snaplen;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private final ByteBuffer window = ByteBuffer.wrap(buffer);
    private int used;

    private PcapFileWriter(FileChannel channel, int snaplen) {
        this.channel = channel;
        this.snaplen = snaplen;
    }

    /** Creates (or replaces) {@code file} and writes the pcap file header. */
    public static PcapFileWriter create(Path file, int linkType, int snaplen) throws IOException {
        if (snaplen <= 0 || snaplen > MAX_CAPTURED_LENGTH) {
            throw new IllegalArgumentException("snaplen " + snaplen + " outside 1.." + MAX_CAPTURED_LENGTH);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        PcapFileWriter writer = new PcapFileWriter(channel, snaplen);
        writer.writeFileHeader(linkType);
        return writer;
    }

    private void writeFileHeader(int linkType) {
        putInt32(buffer, 0, MAGIC_NANOS, BIG_ENDIAN);
        putUint16(buffer, 4, VERSION_MAJOR, BIG_ENDIAN);
        putUint16(buffer, 6, VERSION_MINOR, BIG_ENDIAN);
        putInt32(buffer, 8, 0, BIG_ENDIAN);
        putInt32(buffer, 12, 0, BIG_ENDIAN);
        putInt32(buffer, FILE_HEADER_SNAPLEN_OFFSET, snaplen, BIG_ENDIAN);
        putInt32(buffer, FILE_HEADER_LINK_TYPE_OFFSET, linkType, BIG_ENDIAN);
        used = FILE_HEADER_LENGTH;
    }

    /** Writes a whole frame as captured. */
    public void write(long timeNanos, byte[] frame) throws IOException {
        write(timeNanos, frame, 0, frame.length, frame.length);
    }

    /**
     * Writes one record.
     *
     * @param length     bytes of the frame at hand
     * @param wireLength the frame's length on the wire (at least {@code length})
     */
    public void write(long timeNanos, byte[] frame, int offset, int length, int wireLength) throws IOException {
        int captured = Math.min(length, snaplen);
        if (BUFFER_SIZE - used < RECORD_HEADER_LENGTH + captured) {
            flush();
        }
        int i = used;
        putInt32(buffer, i + RECORD_SECONDS_OFFSET, (int) Math.floorDiv(timeNanos, NANOS_PER_SECOND), BIG_ENDIAN);
        putInt32(buffer, i + RECORD_FRACTION_OFFSET, (int) Math.floorMod(timeNanos, NANOS_PER_SECOND), BIG_ENDIAN);
        putInt32(buffer, i + RECORD_CAPTURED_LENGTH_OFFSET, captured, BIG_ENDIAN);
        putInt32(buffer, i + RECORD_WIRE_LENGTH_OFFSET, Math.max(wireLength, captured), BIG_ENDIAN);
        System.arraycopy(frame, offset, buffer, i + RECORD_HEADER_LENGTH, captured);
        used = i + RECORD_HEADER_LENGTH + captured;
    }

    /** Hands what is buffered to the file, so that a reader of the file sees every record written so far. */
    public void flush() throws IOException {
        window.clear().limit(used);
        while (window.hasRemaining()) {
            channel.write(window);
        }
        used = 0;
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            flush();
        }
    }
}
