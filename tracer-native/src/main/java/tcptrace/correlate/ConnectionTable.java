package tcptrace.correlate;

import java.util.function.Predicate;
import tcptrace.agent.event.Endpoint;
import tcptrace.capture.TcpSegment;

/** Wire connections by 4-tuple; each 4-tuple holds its successive connections, newest first. */
final class ConnectionTable {
    /**
     * A connect() is stamped on entry, just before its SYN leaves; an accept() returns after the handshake. An
     * application connection belongs to the newest wire connection that started no later than this long after the
     * application's connect/accept time.
     */
    static final long CONNECT_LEAD_NANOS = 100_000_000L;
    /**
     * How long a forgotten connection's ends are still recognised. A close both ways whose last ACK is lost leaves
     * the other end in LAST_ACK, resending its FIN from the 200 ms minimum RTO doubling each time, up to
     * tcp_orphan_retries (8 when 0): about 102 s in all; 120 s is also the longest single RTO.
     */
    static final long TOMBSTONE_NANOS = 120_000_000_000L;
    /** At most this many tombstones: a capture that ends connections faster drops the oldest first. */
    static final int MAX_TOMBSTONES = 1 << 16;

    /** The newest connection of each 4-tuple; each links to the older ones. */
    private final TupleTable byTuple = new TupleTable();
    /** Oldest packet first, so that forgetting the quiet ones looks at no other. */
    private final EndedQueue ended = new EndedQueue();
    /**
     * Connections forgotten, newest per 4-tuple, kept without their evidence packets: a FIN or RST resent after
     * they were forgotten finds its ends there and is the same packet again, not a new end.
     */
    private final TupleTable tombstones = new TupleTable();
    private final EndedQueue tombstoneAge = new EndedQueue();
    private final int evidencePackets;
    private long connections;

    ConnectionTable() {
        this(Connection.EVIDENCE_PACKETS);
    }

    /** @param evidencePackets how many of its newest packets each connection keeps as evidence */
    ConnectionTable(int evidencePackets) {
        this.evidencePackets = evidencePackets;
    }

    /**
     * The connection a segment with these ends belongs to; a SYN after an ended connection (or with a new ISN)
     * starts one.
     */
    Connection connectionFor(FourTuple ends, TcpSegment s) {
        Connection last = byTuple.get(ends);
        boolean freshSyn = s.isSyn() && !s.isAck();
        // a SYN with the ISN of the current connection is a retransmission of its own SYN
        if (last == null && !freshSyn) {
            last = revive(ends, s.timeNanos());
        }
        if (last == null || freshSyn && !(last.synSeen() && last.synSeq() == s.seq())) {
            last = new Connection(ends, s, evidencePackets, last);
            byTuple.put(last);
            connections++;
        }
        return last;
    }

    /** The forgotten connection of these ends, back in the table, when it was forgotten recently enough; or null. */
    private Connection revive(FourTuple ends, long nowNanos) {
        Connection dead = tombstones.get(ends);
        if (dead == null || nowNanos - dead.lastPacketNanos() > TOMBSTONE_NANOS) {
            return null;
        }
        tombstones.remove(dead);
        dead.forgotten(false);
        byTuple.put(dead);
        return dead;
    }

    /** Keeps {@code c}'s ends as a tombstone (see {@link #tombstones}), within the bounds of count and age. */
    private void bury(Connection c) {
        c.forgotten(true);
        c.dropEvidence();
        c.older(null);
        tombstones.put(c);
        tombstoneAge.addLast(c, c.lastPacketNanos());
        while (tombstoneAge.size() > MAX_TOMBSTONES
                || tombstoneAge.firstTime() < c.lastPacketNanos() - TOMBSTONE_NANOS) {
            long buried = tombstoneAge.firstTime();
            Connection oldest = tombstoneAge.pollFirst();
            // a connection revived and buried again has a later entry of its own: this one is spent
            if (tombstones.entryOf(oldest) == oldest && oldest.lastPacketNanos() == buried) {
                tombstones.remove(oldest);
            }
        }
    }

    /** The wire connection an application connection with this tuple and start time belongs to, or null. */
    Connection connectionAt(Endpoint a, Endpoint b, long anchorNanos) {
        Connection c = byTuple.get(FourTuple.of(a, b));
        if (c == null) {
            return null;
        }
        // newest first: the first that started in time is the newest that did
        for (; ; c = c.older()) {
            if (c.startNanos() <= anchorNanos + CONNECT_LEAD_NANOS) {
                return c;
            }
            if (c.older() == null) {
                // a capture that began after the connection was made: its first wire connection stands for it
                return c;
            }
        }
    }

    /**
     * Notes the packet {@code c} just recorded, once it has ended, for {@link #forgetQuiet}: an entry per packet keeps
     * the queue in time order, so that a connection is forgotten as soon as it has been quiet for long enough.
     */
    void ended(Connection c) {
        // only the newest pair of a connection can find it quiet: the older ones would keep it reachable
        ended.addLatest(c, c.lastPacketNanos());
    }

    /**
     * Forgets connections that ended and have sent nothing since {@code quietSinceNanos}, unless {@code keep} says
     * otherwise: those are looked at again once {@code nowNanos} is that long past. Costs only the connections it
     * looks at.
     */
    void forgetQuiet(long quietSinceNanos, long nowNanos, Predicate<Connection> keep) {
        while (!ended.isEmpty() && ended.firstTime() < quietSinceNanos) {
            Connection c = ended.pollFirst();
            if (c == null) {
                continue; // a pair superseded by a newer one of its connection, or of one forgotten since
            }
            c.queuedAt(-1);
            // after a later packet it is not quiet yet: that packet's entry is further back; one forgotten once its
            // ends were decided is a tombstone already
            if (c.lastPacketNanos() < quietSinceNanos && !c.forgotten()) {
                if (keep.test(c)) {
                    ended.addLatest(c, nowNanos);
                } else {
                    forget(c);
                    bury(c);
                }
            }
        }
    }

    /** Whether {@code c} is the only connection its 4-tuple holds: every application connection there is its. */
    boolean aloneOnItsTuple(Connection c) {
        return c.older() == null && byTuple.entryOf(c) == c;
    }

    /**
     * Forgets {@code c} now, keeping its tombstone: post-mortem, once its ends are decided, a connection that ended
     * is needed only to recognise a late packet of its own, which the tombstone does.
     */
    void forgetNow(Connection c) {
        ended.remove(c);
        forget(c);
        bury(c);
    }

    /** Unlinks {@code c} from its tuple's connections; nothing when it was forgotten already. */
    private void forget(Connection c) {
        Connection newest = byTuple.entryOf(c);
        if (newest == c) {
            if (c.older() == null) {
                byTuple.remove(c);
            } else {
                byTuple.put(c.older());
            }
            return;
        }
        for (Connection n = newest; n != null; n = n.older()) {
            if (n.older() == c) {
                n.older(c.older());
                return;
            }
        }
    }

    /** Forgets connections that ended and have been quiet since {@code quietSinceNanos}; returns how many. */
    int evictEnded(long quietSinceNanos) {
        int evicted = 0;
        for (Connection newest : byTuple.entries()) {
            for (Connection c = newest; c != null; c = c.older()) {
                if (c.ended() && c.lastPacketNanos() < quietSinceNanos) {
                    forget(c);
                    evicted++;
                }
            }
        }
        return evicted;
    }

    long connections() {
        return connections;
    }
}
