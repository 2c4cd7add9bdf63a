package tcptrace.capture;

import tcptrace.InputException;

import java.util.function.BooleanSupplier;

import static tcptrace.capture.ByteOrderAccess.int32;
import static tcptrace.capture.ByteOrderAccess.uint32;
import static tcptrace.capture.PcapFormat.*;

/** Reads the records of a classic pcap file (microsecond or nanosecond magic, either byte order). */
final class ClassicPcapReader {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final boolean bigEndian;
    private final boolean nanos;

    ClassicPcapReader(boolean bigEndian, boolean nanos) {
        this.bigEndian = bigEndian;
        this.nanos = nanos;
    }

    void read(CaptureFileInput in, FrameCounter out, BooleanSupplier stopped) throws InputException {
        if (!in.request(FILE_HEADER_LENGTH)) {
            throw in.truncated(0);
        }
        int linkType = int32(in.buffer(), in.index() + FILE_HEADER_LINK_TYPE_OFFSET, bigEndian) & LINK_TYPE_MASK;
        in.advance(FILE_HEADER_LENGTH);
        long fractionLimit = nanos ? NANOS_PER_SECOND : 1_000_000L;
        long fractionToNanos = nanos ? 1 : 1_000;
        while (!stopped.getAsBoolean()) {
            long recordOffset = in.offset();
            if (!in.request(RECORD_HEADER_LENGTH)) {
                if (in.available() == 0) {
                    return;
                }
                throw in.truncated(recordOffset);
            }
            byte[] b = in.buffer();
            int i = in.index();
            long seconds = uint32(b, i + RECORD_SECONDS_OFFSET, bigEndian);
            long fraction = uint32(b, i + RECORD_FRACTION_OFFSET, bigEndian);
            long captured = uint32(b, i + RECORD_CAPTURED_LENGTH_OFFSET, bigEndian);
            long wire = uint32(b, i + RECORD_WIRE_LENGTH_OFFSET, bigEndian);
            if (captured > MAX_CAPTURED_LENGTH) {
                throw in.corrupt(recordOffset, "record length " + captured + " exceeds " + MAX_CAPTURED_LENGTH);
            }
            if (fraction >= fractionLimit) {
                throw in.corrupt(recordOffset, "timestamp fraction " + fraction + " is not below " + fractionLimit);
            }
            int recordLength = RECORD_HEADER_LENGTH + (int) captured;
            if (!in.request(recordLength)) {
                throw in.truncated(recordOffset);
            }
            out.frame(in.buffer(), in.index() + RECORD_HEADER_LENGTH, (int) captured,
                    (int) Math.min(wire, Integer.MAX_VALUE), linkType,
                    seconds * NANOS_PER_SECOND + fraction * fractionToNanos);
            in.advance(recordLength);
        }
    }
}
