package tcptrace.correlate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tcptrace.agent.event.Endpoint;

/** Wire connections by 4-tuple; each 4-tuple holds its successive connections, oldest first. */
final class ConnectionTable {
    /**
     * A connect() is stamped on entry, just before its SYN leaves; an accept() returns after the handshake. An
     * application connection belongs to the newest wire connection that started no later than this long after the
     * application's connect/accept time.
     */
    static final long CONNECT_LEAD_NANOS = 100_000_000L;

    private final Map<List<Endpoint>, List<Connection>> byTuple = new HashMap<>();
    private long connections;

    private static List<Endpoint> key(Endpoint a, Endpoint b) {
        return compare(a, b) <= 0 ? List.of(a, b) : List.of(b, a);
    }

    private static int compare(Endpoint a, Endpoint b) {
        int c = Arrays.compare(a.address(), b.address());
        return c != 0 ? c : Integer.compare(a.port(), b.port());
    }

    /** The connection this packet belongs to; a SYN after an ended connection (or with a new ISN) starts one. */
    Connection connectionFor(Packet p) {
        List<Connection> list = byTuple.computeIfAbsent(key(p.src(), p.dst()), k -> new ArrayList<>());
        Connection last = list.isEmpty() ? null : list.get(list.size() - 1);
        boolean freshSyn = p.syn() && !p.hasAck();
        // a SYN with the ISN of the current connection is a retransmission of its own SYN
        if (last == null || freshSyn && !(last.synSeen() && last.synSeq() == p.seq())) {
            last = new Connection(p);
            list.add(last);
            connections++;
        }
        return last;
    }

    /** The wire connection an application connection with this tuple and start time belongs to, or null. */
    Connection connectionAt(Endpoint a, Endpoint b, long anchorNanos) {
        List<Connection> list = byTuple.get(key(a, b));
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
