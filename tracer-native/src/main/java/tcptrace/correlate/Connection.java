package tcptrace.correlate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tcptrace.agent.event.Endpoint;

/**
 * One TCP connection on the wire. Its identity is the 4-tuple plus its start (the SYN, or the first packet seen
 * when the capture began mid-connection), since ports are reused.
 */
public final class Connection {
    /** Packets kept per connection as evidence for reports: the newest ones, which surround its end. */
    static final int EVIDENCE_PACKETS = 12;
    private static final long SENDER_BIT = 1L << 33;
    private static final long RST_BIT = 1L << 32;

    private final Side client;
    private final Side server;
    private final long startNanos;
    private final boolean synSeen;
    private final long synSeq;
    private final int evidencePackets;
    private final ArrayDeque<Packet> recent;
    /** The FINs and RSTs seen, each packed by {@link #endKey}; rarely more than two. */
    private long[] endsSeen = new long[0];
    private long lastPacketNanos;
    private boolean reset;
    private boolean clientFin;
    private boolean serverFin;

    /** @param evidencePackets how many of its newest packets to keep as evidence */
    Connection(Packet first, int evidencePackets) {
        this.evidencePackets = evidencePackets;
        this.recent = new ArrayDeque<>(evidencePackets);
        this.client = new Side(first.src());
        this.server = new Side(first.dst());
        this.startNanos = first.timeNanos();
        this.synSeen = first.syn() && !first.hasAck();
        this.synSeq = first.seq();
    }

    public long startNanos() {
        return startNanos;
    }

    public boolean synSeen() {
        return synSeen;
    }

    long synSeq() {
        return synSeq;
    }

    /** The end that sent the first packet seen: the client when the SYN was captured. */
    public Side first() {
        return client;
    }

    public Side second() {
        return server;
    }

    public Side side(Endpoint e) {
        return client.endpoint().equals(e) ? client : server;
    }

    /** The same packet with this connection's own endpoint instances, so that the packets it keeps share them. */
    Packet withOwnEndpoints(Packet p) {
        Side from = side(p.src());
        return new Packet(p.timeNanos(), from.endpoint(), other(from).endpoint(), p.seq(), p.ack(), p.flags(),
                p.payloadLength());
    }

    public Side other(Side s) {
        return s == client ? server : client;
    }

    /** Both FINs or a RST: a new SYN on this 4-tuple starts a new connection. */
    boolean ended() {
        return reset || clientFin && serverFin;
    }

    long lastPacketNanos() {
        return lastPacketNanos;
    }

    /** Whether {@code e} sent a FIN or RST on this connection. */
    boolean endedBy(Endpoint e) {
        if (!client.endpoint().equals(e) && !server.endpoint().equals(e)) {
            return false;
        }
        long sender = senderBit(side(e));
        for (long k : endsSeen) {
            if ((k & SENDER_BIT) == sender) {
                return true;
            }
        }
        return false;
    }

    private long senderBit(Side from) {
        return from == client ? 0 : SENDER_BIT;
    }

    /** Sender, kind and the 32-bit sequence number in one long. */
    private long endKey(Side from, Packet p) {
        return senderBit(from) | (p.rst() ? RST_BIT : 0) | p.seq() & 0xFFFF_FFFFL;
    }

    /** Adds an end; false when it was seen already. */
    private boolean addEnd(long key) {
        for (long k : endsSeen) {
            if (k == key) {
                return false;
            }
        }
        endsSeen = Arrays.copyOf(endsSeen, endsSeen.length + 1);
        endsSeen[endsSeen.length - 1] = key;
        return true;
    }

    /**
     * Records a packet; returns true when it is the first FIN or RST with this sender and sequence number (a
     * retransmitted FIN or RST is the same packet and gets no second verdict).
     */
    boolean record(Packet p) {
        Side from = side(p.src());
        from.sent(p, other(from));
        lastPacketNanos = p.timeNanos();
        if (evidencePackets > 0) {
            if (recent.size() == evidencePackets) {
                recent.removeFirst();
            }
            recent.addLast(p);
        }
        if (!p.fin() && !p.rst()) {
            return false;
        }
        if (p.rst()) {
            reset = true;
        } else if (from == client) {
            clientFin = true;
        } else {
            serverFin = true;
        }
        return addEnd(endKey(from, p));
    }

    /** The newest packets of this connection, oldest first. */
    public List<Packet> recentPackets() {
        return new ArrayList<>(recent);
    }

    /** Packets kept as evidence that were sent at or before {@code nanos}. */
    List<Packet> packetsUpTo(long nanos) {
        List<Packet> out = new ArrayList<>();
        for (Packet p : recent) {
            if (p.timeNanos() <= nanos) {
                out.add(p);
            }
        }
        return out;
    }
}
