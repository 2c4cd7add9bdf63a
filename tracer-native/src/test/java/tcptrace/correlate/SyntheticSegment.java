package tcptrace.correlate;

import tcptrace.agent.event.Endpoint;
import tcptrace.capture.TcpSegment;

/** A TCP segment built by a test, standing in for a decoded frame. */
record SyntheticSegment(long timeNanos, Endpoint src, Endpoint dst, long seq, long ack, int flags, int window,
                        int payloadLength) implements TcpSegment {
    @Override
    public int addressLength() {
        return src.address().length;
    }

    @Override
    public void srcAddress(byte[] into, int offset) {
        System.arraycopy(src.address(), 0, into, offset, addressLength());
    }

    @Override
    public void dstAddress(byte[] into, int offset) {
        System.arraycopy(dst.address(), 0, into, offset, addressLength());
    }

    @Override
    public int srcPort() {
        return src.port();
    }

    @Override
    public int dstPort() {
        return dst.port();
    }
}
