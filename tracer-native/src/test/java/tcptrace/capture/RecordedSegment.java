package tcptrace.capture;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A copy of what a listener saw of one segment, for assertions after the flyweight has moved on. */
record RecordedSegment(long timeNanos, InetAddress src, int srcPort, InetAddress dst, int dstPort, long seq,
                       long ack, int flags, int window, int payloadLength) {

    static RecordedSegment of(TcpSegment segment) {
        byte[] src = new byte[segment.addressLength()];
        byte[] dst = new byte[segment.addressLength()];
        segment.srcAddress(src, 0);
        segment.dstAddress(dst, 0);
        try {
            return new RecordedSegment(segment.timeNanos(), InetAddress.getByAddress(src), segment.srcPort(),
                    InetAddress.getByAddress(dst), segment.dstPort(), segment.seq(), segment.ack(), segment.flags(),
                    segment.window(), segment.payloadLength());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** A listener that keeps a copy of every segment; safe to read from another thread while a capture runs. */
    static final class Recorder implements SegmentListener {
        final List<RecordedSegment> segments = new CopyOnWriteArrayList<>();

        @Override
        public void onSegment(TcpSegment segment) {
            segments.add(of(segment));
        }

        long count(int flag) {
            return segments.stream().filter(s -> s.has(flag)).count();
        }
    }
}
