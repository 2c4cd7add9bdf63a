package tcptrace.capture;

/** Receives the TCP segments of a {@link PacketSource}, one at a time, on the source's thread. */
@FunctionalInterface
public interface SegmentListener {
    void onSegment(TcpSegment segment);
}
