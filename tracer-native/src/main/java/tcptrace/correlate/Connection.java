package tcptrace.correlate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tcptrace.agent.event.Endpoint;
import tcptrace.capture.TcpSegment;

/**
 * One TCP connection on the wire. Its identity is the 4-tuple plus its start (the SYN, or the first packet seen
 * when the capture began mid-connection), since ports are reused.
 */
public final class Connection {
    /** Packets kept per connection as evidence for reports: the newest ones, which surround its end. */
    static final int EVIDENCE_PACKETS = 12;
    private static final long SENDER_BIT = 1L << 33;
    private static final long RST_BIT = 1L << 32;

    /** The ends as {@link FourTuple} packs them: first the end that sent the first packet seen. */
    private final long firstHigh;
    private final long firstLow;
    private final int firstPort;
    private final long secondHigh;
    private final long secondLow;
    private final int secondPort;
    private final int tupleHash;
    private final Side client = new Side();
    private final Side server = new Side();
    private final long startNanos;
    private final boolean synSeen;
    private final long synSeq;
    private final int evidencePackets;
    /** The newest packets, or null when none are kept. */
    private final ArrayDeque<Packet> recent;
    /** The previous connection of the same 4-tuple, or null. */
    private Connection older;
    /**
     * Made when first needed (most connections are only counted, never shown), and kept only with evidence packets,
     * whose copies share them: without, a large capture would hold two endpoints and their text for every ended
     * connection it still holds, long after their verdicts were printed.
     */
    private Endpoint firstEndpoint;
    private Endpoint secondEndpoint;
    /**
     * The FINs and RSTs seen, each packed by {@link #endKey}: the first two in fields (an array would cost a
     * large capture an object per held connection), any further in an array, rarely made.
     */
    private long firstEnd;
    private long secondEnd;
    private long[] moreEnds;
    private int endCount;
    private long lastPacketNanos;
    /** When either end last sent data, or 0 when the capture has seen none. */
    private long lastDataNanos;
    private boolean reset;
    private boolean clientFin;
    private boolean serverFin;
    /** Ends of this connection still waiting for their verdict. */
    private int undecidedEnds;
    /** The number of its pair in the table's queue of ended connections, or -1 (see {@link EndedQueue#addLatest}). */
    private long queuedAt = -1;
    /** Whether the table let it go (it may be a tombstone): a queue that still names it must not bury it again. */
    private boolean forgotten;
    /** The application connections of each end (local end first, as sent), once found: see {@link #apps}. */
    private AppTuple firstApps;
    private AppTuple secondApps;

    /**
     * @param ends            the ends of {@code first}, copied
     * @param evidencePackets how many of its newest packets to keep as evidence
     * @param older           the previous connection of this 4-tuple, or null
     */
    Connection(FourTuple ends, TcpSegment first, int evidencePackets, Connection older) {
        this.firstHigh = ends.srcHigh;
        this.firstLow = ends.srcLow;
        this.firstPort = ends.srcPort;
        this.secondHigh = ends.dstHigh;
        this.secondLow = ends.dstLow;
        this.secondPort = ends.dstPort;
        this.tupleHash = ends.hash;
        this.evidencePackets = evidencePackets;
        this.recent = evidencePackets > 0 ? new ArrayDeque<>(evidencePackets) : null;
        this.older = older;
        this.startNanos = first.timeNanos();
        this.synSeen = first.isSyn() && !first.isAck();
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
        return endpoint(client).equals(e) ? client : server;
    }

    /** The end that sent a packet with these ends. */
    Side sender(FourTuple ends) {
        return isFirst(ends.srcHigh, ends.srcLow, ends.srcPort) ? client : server;
    }

    /** Whether a packet with these ends belongs to this connection's 4-tuple (in either direction). */
    boolean hasEnds(FourTuple t) {
        return tupleHash == t.hash && hasEnds(t.srcHigh, t.srcLow, t.srcPort, t.dstHigh, t.dstLow, t.dstPort);
    }

    /** Whether {@code o} is a connection of the same 4-tuple. */
    boolean hasEndsOf(Connection o) {
        return tupleHash == o.tupleHash
                && hasEnds(o.firstHigh, o.firstLow, o.firstPort, o.secondHigh, o.secondLow, o.secondPort);
    }

    /** Equal for the connections of one 4-tuple. */
    int tupleHash() {
        return tupleHash;
    }

    private boolean hasEnds(long aHigh, long aLow, int aPort, long bHigh, long bLow, int bPort) {
        return isFirst(aHigh, aLow, aPort) ? isSecond(bHigh, bLow, bPort)
                : isSecond(aHigh, aLow, aPort) && isFirst(bHigh, bLow, bPort);
    }

    private boolean isFirst(long high, long low, int port) {
        return firstLow == low && firstPort == port && firstHigh == high;
    }

    private boolean isSecond(long high, long low, int port) {
        return secondLow == low && secondPort == port && secondHigh == high;
    }

    public Endpoint endpoint(Side s) {
        if (recent == null) {
            return s == client ? FourTuple.endpoint(firstHigh, firstLow, firstPort)
                    : FourTuple.endpoint(secondHigh, secondLow, secondPort);
        }
        if (s == client) {
            if (firstEndpoint == null) {
                firstEndpoint = FourTuple.endpoint(firstHigh, firstLow, firstPort);
            }
            return firstEndpoint;
        }
        if (secondEndpoint == null) {
            secondEndpoint = FourTuple.endpoint(secondHigh, secondLow, secondPort);
        }
        return secondEndpoint;
    }

    /**
     * The application connections whose local end is {@code s}'s (and remote the other's), as {@code index} holds
     * them, or null: found once and kept, for as long as the index holds them.
     */
    AppTuple apps(Side s, AppIndex index) {
        AppTuple kept = s == client ? firstApps : secondApps;
        if (kept != null && !kept.removed()) {
            return kept;
        }
        if (index.isEmpty()) {
            return null; // a capture read without evidence: no endpoints made to find nothing
        }
        AppTuple found = index.tuple(endpoint(s), endpoint(other(s)));
        if (s == client) {
            firstApps = found;
        } else {
            secondApps = found;
        }
        return found;
    }

    Connection older() {
        return older;
    }

    void older(Connection c) {
        older = c;
    }

    /** A copy of a segment {@code from} sent, with this connection's endpoint instances: the copies share them. */
    Packet packet(Side from, TcpSegment s) {
        return packet(from, s.timeNanos(), s.seq(), s.ack(), s.flags(), s.payloadLength());
    }

    /** A packet {@code from} sent, with these numbers. */
    Packet packet(Side from, long timeNanos, long seq, long ack, int flags, int payloadLength) {
        return new Packet(timeNanos, endpoint(from), endpoint(other(from)), seq, ack, flags, payloadLength);
    }

    /** The newest packet {@code s} sent, or null. */
    Packet lastPacket(Side s) {
        return s.lastPacket(endpoint(s), endpoint(other(s)));
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

    /**
     * How long the connection had carried no data segment in either direction at {@code nanos}: 0 when the packet
     * at that time carried data itself; -1 when the capture saw no data, or saw data only after {@code nanos}.
     */
    long idleNanos(long nanos) {
        return lastDataNanos == 0 || lastDataNanos > nanos ? -1 : nanos - lastDataNanos;
    }

    /** Whether {@code e} sent a FIN or RST on this connection. */
    boolean endedBy(Endpoint e) {
        if (!endpoint(client).equals(e) && !endpoint(server).equals(e)) {
            return false;
        }
        long sender = senderBit(side(e));
        for (int i = 0; i < endCount; i++) {
            if ((end(i) & SENDER_BIT) == sender) {
                return true;
            }
        }
        return false;
    }

    private long end(int i) {
        return i == 0 ? firstEnd : i == 1 ? secondEnd : moreEnds[i - 2];
    }

    private long senderBit(Side from) {
        return from == client ? 0 : SENDER_BIT;
    }

    /** Sender, kind and the 32-bit sequence number in one long. */
    private long endKey(Side from, TcpSegment p) {
        return senderBit(from) | (p.isRst() ? RST_BIT : 0) | p.seq() & 0xFFFF_FFFFL;
    }

    /** Adds an end; false when it was seen already. */
    private boolean addEnd(long key) {
        for (int i = 0; i < endCount; i++) {
            if (end(i) == key) {
                return false;
            }
        }
        if (endCount == 0) {
            firstEnd = key;
        } else if (endCount == 1) {
            secondEnd = key;
        } else {
            moreEnds = moreEnds == null ? new long[1] : Arrays.copyOf(moreEnds, moreEnds.length + 1);
            moreEnds[moreEnds.length - 1] = key;
        }
        endCount++;
        return true;
    }

    /**
     * Records a packet; returns true when it is the first FIN or RST with this sender and sequence number (a
     * retransmitted FIN or RST is the same packet and gets no second verdict).
     */
    boolean record(Side from, TcpSegment p) {
        if (from.sent(p, other(from))) {
            lastDataNanos = p.timeNanos();
        }
        lastPacketNanos = p.timeNanos();
        if (recent != null) {
            if (recent.size() == evidencePackets) {
                recent.removeFirst();
            }
            recent.addLast(packet(from, p));
        }
        if (!p.isFin() && !p.isRst()) {
            return false;
        }
        if (p.isRst()) {
            reset = true;
        } else {
            from.finSent(p.timeNanos(), idleNanos(p.timeNanos()));
            if (from == client) {
                clientFin = true;
            } else {
                serverFin = true;
            }
        }
        return addEnd(endKey(from, p));
    }

    void endHeld() {
        undecidedEnds++;
    }

    /** Notes that one of its held ends was decided; returns whether none is held any more. */
    boolean endDecided() {
        return --undecidedEnds == 0;
    }

    long queuedAt() {
        return queuedAt;
    }

    void queuedAt(long at) {
        queuedAt = at;
    }

    boolean forgotten() {
        return forgotten;
    }

    void forgotten(boolean f) {
        forgotten = f;
    }

    /** Lets go of the evidence packets: a forgotten connection keeps only what recognises its ends. */
    void dropEvidence() {
        if (recent != null) {
            recent.clear();
        }
        // a tombstone's applications are gone, and holding their tuples would keep them
        firstApps = null;
        secondApps = null;
    }

    /** Packets kept as evidence that were sent at or before {@code nanos}. */
    List<Packet> packetsUpTo(long nanos) {
        List<Packet> out = new ArrayList<>();
        if (recent == null) {
            return out;
        }
        for (Packet p : recent) {
            if (p.timeNanos() <= nanos) {
                out.add(p);
            }
        }
        return out;
    }
}
