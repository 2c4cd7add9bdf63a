package tcptrace.correlate;

import tcptrace.agent.event.Endpoint;
import tcptrace.capture.TcpSegment;

/**
 * What one end of a connection has sent, as far as the capture shows. Numbers only, and small: a large capture
 * holds two per connection by the hundred thousand. Its endpoint is the connection's; its newest packet is kept as
 * fields, not as a copy; sequence and acknowledgment numbers are 32 bits on the wire and are kept in an int each.
 */
public final class Side {
    private static final long UNSIGNED = 0xFFFF_FFFFL;

    private boolean sent;
    private boolean isnKnown;
    private byte lastFlags;
    private int isn;
    private int sndNxt;
    private int lastSeq;
    private int lastAck;
    private int lastPayloadLength;
    private int keepaliveProbes;
    private int retransmissions;
    private int retransmittedSeq;
    private long lastSentNanos;
    private long firstProbeNanos;
    private long firstRetransmissionNanos;
    private long lastRetransmissionNanos;
    /** When this end sent its first FIN, or 0. */
    private long finNanos;
    /** How long the connection had carried no data when this end sent its first FIN, in ms; -1 when unknown. */
    private int idleAtFinMillis = -1;

    /**
     * Records a packet this end sent; {@code other} is the receiving end, whose unanswered counters it resets.
     * Returns whether the packet carried data: payload that is not a keepalive probe's.
     */
    boolean sent(TcpSegment p, Side other) {
        other.answered();
        if (p.isSyn()) {
            isnKnown = true;
            isn = (int) p.seq();
        }
        long seqEnd = Seq.end(p);
        boolean isProbe = sent && !p.isSyn() && !p.isFin() && !p.isRst() && p.payloadLength() <= 1
                && Seq.diff(p.seq(), Seq.add(sndNxt & UNSIGNED, -1)) == 0;
        boolean isRetransmission = sent && !isProbe && !p.isRst() && (p.payloadLength() > 0 || p.isFin())
                && Seq.diff(seqEnd, sndNxt & UNSIGNED) <= 0;
        if (isProbe) {
            if (keepaliveProbes++ == 0) {
                firstProbeNanos = p.timeNanos();
            }
        } else if (isRetransmission) {
            if (retransmissions == 0 || retransmittedSeq != (int) p.seq()) {
                retransmissions = 0;
                retransmittedSeq = (int) p.seq();
                firstRetransmissionNanos = p.timeNanos();
            }
            retransmissions++;
            lastRetransmissionNanos = p.timeNanos();
        }
        if (!sent || Seq.diff(seqEnd, sndNxt & UNSIGNED) > 0) {
            sndNxt = (int) seqEnd;
        }
        sent = true;
        lastSentNanos = p.timeNanos();
        lastSeq = (int) p.seq();
        lastAck = (int) p.ack();
        lastFlags = (byte) p.flags(); // the eight flag bits
        lastPayloadLength = p.payloadLength();
        return p.payloadLength() > 0 && !isProbe;
    }

    /** This end sent a FIN, after the connection had been idle for {@code idleNanos} (-1: unknown). */
    void finSent(long timeNanos, long idleNanos) {
        if (finNanos != 0) {
            return;
        }
        finNanos = timeNanos;
        idleAtFinMillis = idleNanos < 0 || idleNanos / 1_000_000L > Integer.MAX_VALUE ? -1
                : (int) (idleNanos / 1_000_000L);
    }

    /** When this end sent its first FIN, or 0 when it sent none. */
    public long finNanos() {
        return finNanos;
    }

    /** How long the connection had been idle at this end's first FIN, in ns (ms precision); -1 when unknown. */
    public long idleAtFinNanos() {
        return idleAtFinMillis < 0 ? -1 : idleAtFinMillis * 1_000_000L;
    }

    /** The other end sent something: probes and retransmissions so far were answered. */
    private void answered() {
        keepaliveProbes = 0;
        retransmissions = 0;
    }

    /** Bytes of payload this end sent, counted from its SYN; -1 when the capture missed the SYN. */
    public long bytesSent() {
        if (!isnKnown || !sent) {
            return -1;
        }
        return Seq.diff(sndNxt & UNSIGNED, Seq.add(isn & UNSIGNED, 1)) & UNSIGNED;
    }

    /** The newest packet this end sent, between the given ends, or null. */
    Packet lastPacket(Endpoint self, Endpoint other) {
        return sent ? new Packet(lastSentNanos, self, other, lastSeq & UNSIGNED, lastAck & UNSIGNED, lastFlags & 0xFF,
                lastPayloadLength) : null;
    }

    public long lastSentNanos() {
        return lastSentNanos;
    }

    /** Keepalive probes sent since the other end last sent anything. */
    public int unansweredKeepaliveProbes() {
        return keepaliveProbes;
    }

    public long firstProbeNanos() {
        return firstProbeNanos;
    }

    /** Retransmissions of one sequence number since the other end last sent anything. */
    public int unansweredRetransmissions() {
        return retransmissions;
    }

    public long retransmittedSeq() {
        return retransmittedSeq & UNSIGNED;
    }

    public long firstRetransmissionNanos() {
        return firstRetransmissionNanos;
    }

    public long lastRetransmissionNanos() {
        return lastRetransmissionNanos;
    }
}
