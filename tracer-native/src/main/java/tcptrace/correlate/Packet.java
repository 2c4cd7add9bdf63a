package tcptrace.correlate;

import tcptrace.agent.event.Endpoint;
import tcptrace.capture.TcpSegment;

/**
 * A TCP segment copied out of the capture's flyweight, as evidence. It is a segment itself, so that what reads
 * segments reads copies too; it keeps no window.
 */
public record Packet(long timeNanos, Endpoint src, Endpoint dst, long seq, long ack, int flags, int payloadLength)
        implements TcpSegment {

    public static Packet copyOf(TcpSegment s) {
        byte[] src = new byte[s.addressLength()];
        byte[] dst = new byte[s.addressLength()];
        s.srcAddress(src, 0);
        s.dstAddress(dst, 0);
        return new Packet(s.timeNanos(), new Endpoint(src, s.srcPort()).canonical(),
                new Endpoint(dst, s.dstPort()).canonical(), s.seq(), s.ack(), s.flags(), s.payloadLength());
    }

    @Override
    public int addressLength() {
        return src.address().length;
    }

    @Override
    public void srcAddress(byte[] into, int offset) {
        byte[] a = src.address();
        System.arraycopy(a, 0, into, offset, a.length);
    }

    @Override
    public void dstAddress(byte[] into, int offset) {
        byte[] a = dst.address();
        System.arraycopy(a, 0, into, offset, a.length);
    }

    @Override
    public int srcPort() {
        return src.port();
    }

    @Override
    public int dstPort() {
        return dst.port();
    }

    /** Not kept: nothing that reads copies needs it. */
    @Override
    public int window() {
        return 0;
    }

    public boolean fin() {
        return (flags & TcpSegment.FIN) != 0;
    }

    public boolean syn() {
        return (flags & TcpSegment.SYN) != 0;
    }

    public boolean rst() {
        return (flags & TcpSegment.RST) != 0;
    }

    public boolean hasAck() {
        return (flags & TcpSegment.ACK) != 0;
    }

    /** The sequence number after this segment: payload plus one for SYN and for FIN. */
    public long seqEnd() {
        return Seq.end(this);
    }

    /** What a verdict record calls this packet: RST wins over FIN when both are set. */
    public PacketKind endKind() {
        return rst() ? PacketKind.RST : fin() ? PacketKind.FIN : null;
    }

    /** "FIN+ACK", "RST", "SYN", "ACK"... */
    public String flagNames() {
        StringBuilder b = new StringBuilder();
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        for (int i = 0; i < names.length; i++) {
            if ((flags & (1 << i)) != 0) {
                b.append(b.length() == 0 ? "" : "+").append(names[i]);
            }
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    @Override
    public String toString() {
        return src + " > " + dst + " " + flagNames() + " seq " + seq + (hasAck() ? " ack " + ack : "")
                + " len " + payloadLength;
    }
}
