package tcptrace.correlate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tcptrace.agent.event.Endpoint;

/** Wire connections by 4-tuple; each 4-tuple holds its successive connections, oldest first. */
final class ConnectionTable {
    /**
     * A connect() is stamped on entry, just before its SYN leaves; an accept() returns after the handshake. An
     * application connection belongs to the newest wire connection that started no later than this long after the
     * application's connect/accept time.
     */
    static final long CONNECT_LEAD_NANOS = 100_000_000L;

    /** An ended connection waiting to be quiet for long enough to be forgotten. */
    private record Ended(Connection connection, long sinceNanos) {
    }

    private final Map<FourTuple, List<Connection>> byTuple = new HashMap<>();
    /** Oldest end first, so that forgetting the quiet ones looks at no other. */
    private final ArrayDeque<Ended> ended = new ArrayDeque<>();
    private final int evidencePackets;
    private long connections;

    ConnectionTable() {
        this(Connection.EVIDENCE_PACKETS);
    }

    /** @param evidencePackets how many of its newest packets each connection keeps as evidence */
    ConnectionTable(int evidencePackets) {
        this.evidencePackets = evidencePackets;
    }

    /** The connection this packet belongs to; a SYN after an ended connection (or with a new ISN) starts one. */
    Connection connectionFor(Packet p) {
        List<Connection> list = byTuple.computeIfAbsent(new FourTuple(p.src(), p.dst()), k -> new ArrayList<>());
        Connection last = list.isEmpty() ? null : list.get(list.size() - 1);
        boolean freshSyn = p.syn() && !p.hasAck();
        // a SYN with the ISN of the current connection is a retransmission of its own SYN
        if (last == null || freshSyn && !(last.synSeen() && last.synSeq() == p.seq())) {
            last = new Connection(p, evidencePackets);
            list.add(last);
            connections++;
        }
        return last;
    }

    /** The wire connection an application connection with this tuple and start time belongs to, or null. */
    Connection connectionAt(Endpoint a, Endpoint b, long anchorNanos) {
        List<Connection> list = byTuple.get(new FourTuple(a, b));
        if (list == null || list.isEmpty()) {
            return null;
        }
        Connection best = null;
        for (Connection c : list) {
            if (c.startNanos() <= anchorNanos + CONNECT_LEAD_NANOS) {
                best = c;
            }
        }
        // a capture that began after the connection was made: its first wire connection stands for it
        return best != null ? best : list.get(0);
    }

    /** Notes that {@code c} (just) ended, for {@link #forgetQuiet}; once per connection. */
    void ended(Connection c) {
        ended.addLast(new Ended(c, c.lastPacketNanos()));
    }

    /**
     * Forgets connections that ended and have sent nothing since {@code quietSinceNanos}, unless {@code keep} says
     * otherwise (they are then left to {@link #evictEnded}). Costs only the connections it looks at.
     */
    void forgetQuiet(long quietSinceNanos, Predicate<Connection> keep) {
        while (!ended.isEmpty() && ended.peekFirst().sinceNanos() < quietSinceNanos) {
            Connection c = ended.pollFirst().connection();
            if (c.lastPacketNanos() >= quietSinceNanos) {
                ended.addLast(new Ended(c, c.lastPacketNanos())); // a late packet: quiet again from there
            } else if (!keep.test(c)) {
                FourTuple tuple = new FourTuple(c.first().endpoint(), c.second().endpoint());
                List<Connection> list = byTuple.get(tuple);
                if (list != null && list.remove(c) && list.isEmpty()) {
                    byTuple.remove(tuple);
                }
            }
        }
    }

    /** Forgets connections that ended and have been quiet since {@code quietSinceNanos}; returns how many. */
    int evictEnded(long quietSinceNanos) {
        int evicted = 0;
        for (Iterator<List<Connection>> lists = byTuple.values().iterator(); lists.hasNext(); ) {
            List<Connection> list = lists.next();
            int before = list.size();
            list.removeIf(c -> c.ended() && c.lastPacketNanos() < quietSinceNanos);
            evicted += before - list.size();
            if (list.isEmpty()) {
                lists.remove();
            }
        }
        return evicted;
    }

    long connections() {
        return connections;
    }
}
