package tcptrace.correlate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tcptrace.agent.event.Endpoint;

/**
 * One TCP connection on the wire. Its identity is the 4-tuple plus its start (the SYN, or the first packet seen
 * when the capture began mid-connection), since ports are reused.
 */
public final class Connection {
    /** Packets kept per connection as evidence for reports: the newest ones, which surround its end. */
    private static final int EVIDENCE_PACKETS = 12;

    private final Side client;
    private final Side server;
    private final long startNanos;
    private final boolean synSeen;
    private final long synSeq;
    private final ArrayDeque<Packet> recent = new ArrayDeque<>();
    private final Set<String> endsSeen = new HashSet<>();
    private long lastPacketNanos;
    private boolean reset;
    private boolean clientFin;
    private boolean serverFin;

    Connection(Packet first) {
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
        String prefix = e + "/";
        return endsSeen.stream().anyMatch(k -> k.startsWith(prefix));
    }

    /**
     * Records a packet; returns true when it is the first FIN or RST with this sender and sequence number (a
     * retransmitted FIN or RST is the same packet and gets no second verdict).
     */
    boolean record(Packet p) {
        Side from = side(p.src());
        from.sent(p, other(from));
        lastPacketNanos = p.timeNanos();
        recent.addLast(p);
        if (recent.size() > EVIDENCE_PACKETS) {
            recent.removeFirst();
        }
        String kind = p.endKind();
        if (kind == null) {
            return false;
        }
        if (p.rst()) {
            reset = true;
        } else if (from == client) {
            clientFin = true;
        } else {
            serverFin = true;
        }
        return endsSeen.add(p.src() + "/" + kind + "/" + p.seq());
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
