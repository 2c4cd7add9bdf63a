package tcptrace.capture;

import tcptrace.InputException;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import static tcptrace.capture.ByteOrderAccess.int32;
import static tcptrace.capture.PcapFormat.BLOCK_SECTION_HEADER;
import static tcptrace.capture.PcapFormat.MAGIC_MICROS;
import static tcptrace.capture.PcapFormat.MAGIC_NANOS;

/**
 * Segments from a capture file, classic pcap or pcapng, told apart by their magic number. Records are decoded where
 * they lie in the read buffer; the only allocations are per file, not per packet.
 */
public final class PcapFileSource implements PacketSource {
    private static final int MAGIC_LENGTH = 4;

    private final CaptureFileInput input;
    private final Format format;
    private volatile boolean closed;
    private boolean started;

    private interface Format {
        void read(CaptureFileInput in, FrameCounter out, BooleanSupplier stopped) throws InputException;
    }

    private PcapFileSource(CaptureFileInput input, Format format) {
        this.input = input;
        this.format = format;
    }

    /** Opens a capture file and checks its magic number, so that a wrong file is reported before anything runs. */
    public static PcapFileSource open(Path file) throws InputException {
        return open(file, new CaptureInterfaceAddresses());
    }

    /** As {@link #open(Path)}; {@code addresses} receives the interface addresses the file gives, as it is read. */
    public static PcapFileSource open(Path file, CaptureInterfaceAddresses addresses) throws InputException {
        CaptureFileInput input = CaptureFileInput.open(file);
        try {
            return new PcapFileSource(input, detect(input, addresses));
        } catch (InputException | RuntimeException e) {
            input.close();
            throw e;
        }
    }

    private static Format detect(CaptureFileInput input, CaptureInterfaceAddresses addresses) throws InputException {
        if (!input.request(MAGIC_LENGTH)) {
            if (input.available() == 0) {
                throw input.notACapture("empty file");
            }
            throw input.notACapture("only " + input.available() + " bytes");
        }
        int magic = int32(input.buffer(), input.index(), true);
        if (magic == BLOCK_SECTION_HEADER) {
            PcapngReader reader = new PcapngReader(addresses);
            return reader::read;
        }
        for (boolean bigEndian : new boolean[] {true, false}) {
            int expected = bigEndian ? magic : Integer.reverseBytes(magic);
            if (expected == MAGIC_MICROS || expected == MAGIC_NANOS) {
                return new ClassicPcapReader(bigEndian, expected == MAGIC_NANOS)::read;
            }
        }
        throw input.notACapture(String.format("starts with 0x%08x", magic));
    }

    @Override
    public CaptureStats run(SegmentListener listener) throws InputException {
        return run(listener, FrameListener.NONE);
    }

    /** Like {@link #run(SegmentListener)}, and hands every frame, as read, to {@code frames} first. */
    public CaptureStats run(SegmentListener listener, FrameListener frames) throws InputException {
        FrameCounter counter = new FrameCounter(listener, frames);
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("a capture file source runs once");
            }
            started = true;
            if (closed) {
                input.close();
                return counter.stats(0, 0);
            }
        }
        try {
            format.read(input, counter, () -> closed);
        } finally {
            input.close();
        }
        return counter.stats(0, 0);
    }

    /** Bytes of the file read so far, for a reader's progress; from the thread that runs the source. */
    public long position() {
        return input.offset();
    }

    /** Stops a running read after the current record. */
    @Override
    public synchronized void close() {
        closed = true;
        if (!started) {
            input.close();
        }
    }
}
