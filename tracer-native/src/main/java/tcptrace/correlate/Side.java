package tcptrace.correlate;

import tcptrace.agent.event.Endpoint;

/** What one end of a connection has sent, as far as the capture shows. */
public final class Side {
    private final Endpoint endpoint;
    private boolean sent;
    private boolean isnKnown;
    private long isn;
    private long sndNxt;
    private long lastSentNanos;
    private Packet lastPacket;
    private int keepaliveProbes;
    private long firstProbeNanos;
    private int retransmissions;
    private long retransmittedSeq;
    private long firstRetransmissionNanos;
    private long lastRetransmissionNanos;

    Side(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** Records a packet this end sent; {@code other} is the receiving end, whose unanswered counters it resets. */
    void sent(Packet p, Side other) {
        other.answered();
        if (p.syn()) {
            isnKnown = true;
            isn = p.seq();
        }
        boolean isProbe = sent && !p.syn() && !p.fin() && !p.rst() && p.payloadLength() <= 1
                && Seq.diff(p.seq(), Seq.add(sndNxt, -1)) == 0;
        boolean isRetransmission = sent && !isProbe && !p.rst() && (p.payloadLength() > 0 || p.fin())
                && Seq.diff(p.seqEnd(), sndNxt) <= 0;
        if (isProbe) {
            if (keepaliveProbes++ == 0) {
                firstProbeNanos = p.timeNanos();
            }
        } else if (isRetransmission) {
            if (retransmissions == 0 || retransmittedSeq != p.seq()) {
                retransmissions = 0;
                retransmittedSeq = p.seq();
                firstRetransmissionNanos = p.timeNanos();
            }
            retransmissions++;
            lastRetransmissionNanos = p.timeNanos();
        }
        if (!sent || Seq.diff(p.seqEnd(), sndNxt) > 0) {
            sndNxt = p.seqEnd();
        }
        sent = true;
        lastSentNanos = p.timeNanos();
        lastPacket = p;
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
        return Seq.diff(sndNxt, Seq.add(isn, 1)) & 0xFFFF_FFFFL;
    }

    /** The newest packet this end sent, or null. */
    public Packet lastPacket() {
        return lastPacket;
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
        return retransmittedSeq;
    }

    public long firstRetransmissionNanos() {
        return firstRetransmissionNanos;
    }

    public long lastRetransmissionNanos() {
        return lastRetransmissionNanos;
    }
}
