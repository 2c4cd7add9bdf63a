package tcptrace.capture;

import tcptrace.InputException;

/** Where segments come from: a capture file or a live interface. */
public interface PacketSource extends AutoCloseable {
    /**
     * Delivers every TCP segment, in capture order, until the input ends (a file) or {@link #close()} is called (live).
     * A file damaged part-way delivers everything before the damage, then throws an {@link InputException} that names
     * the file and the byte offset.
     */
    CaptureStats run(SegmentListener listener) throws InputException;

    /** Stops a running live capture from another thread; {@link #run} then returns. */
    @Override
    void close();
}
