package tcptrace.capture;

/**
 * Receives every frame of a capture file as it lies in the reader's buffer, TCP or not, before it is decoded: for
 * outputs that copy the capture. The bytes are valid only during the call.
 */
@FunctionalInterface
public interface FrameListener {
    void onFrame(byte[] buffer, int offset, int capturedLength, int wireLength, int linkType, long timeNanos);

    FrameListener NONE = (buffer, offset, capturedLength, wireLength, linkType, timeNanos) -> {
    };
}
