package tcptrace.capture;

/**
 * One TCP segment decoded from a captured frame. A flyweight: it is valid only inside the
 * {@link SegmentListener#onSegment} call that received it; a listener copies whatever it keeps.
 */
public interface TcpSegment {
    int FIN = 0x01;
    int SYN = 0x02;
    int RST = 0x04;
    int PSH = 0x08;
    int ACK = 0x10;
    int URG = 0x20;
    int ECE = 0x40;
    int CWR = 0x80;

    /** Capture time, ns since the epoch (the kernel's timestamp, as written in the pcap). */
    long timeNanos();

    /** 4 for IPv4, 16 for IPv6. */
    int addressLength();

    /** Copies the source address ({@link #addressLength()} bytes) into {@code into} at {@code offset}. */
    void srcAddress(byte[] into, int offset);

    void dstAddress(byte[] into, int offset);

    int srcPort();

    int dstPort();

    /** Sequence number, unsigned. */
    long seq();

    /** Acknowledgment number, unsigned (meaningful when ACK is set). */
    long ack();

    /** TCP flag bits, see the constants. */
    int flags();

    default boolean isFin() {
        return (flags() & FIN) != 0;
    }

    default boolean isSyn() {
        return (flags() & SYN) != 0;
    }

    default boolean isRst() {
        return (flags() & RST) != 0;
    }

    default boolean isAck() {
        return (flags() & ACK) != 0;
    }

    /** Advertised window (unscaled). */
    int window();

    /**
     * Payload bytes the segment carried on the wire, from the IP header's lengths: right even when the capture was cut
     * to headers by a small snaplen.
     */
    int payloadLength();
}
