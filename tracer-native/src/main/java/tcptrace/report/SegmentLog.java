package tcptrace.report;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tcptrace.agent.event.Endpoint;
import tcptrace.correlate.Packet;

/**
 * The segments of each connection, for the timeline: its first few (the handshake) and its newest (its end), with a
 * count of those left out between. Bounded twice: per connection, and in connections (the least recently active
 * are forgotten first), so that a long live capture holds a fixed amount.
 */
public final class SegmentLog {
    static final int FIRST = 4;
    static final int NEWEST = 44;
    static final int CONNECTIONS = 20_000;

    /** What the log holds of one connection. */
    record Segments(List<Packet> first, long omitted, List<Packet> newest) {
        List<Packet> all() {
            List<Packet> out = new ArrayList<>(first);
            out.addAll(newest);
            return out;
        }
    }

    private static final class Entry {
        final List<Packet> first = new ArrayList<>(FIRST);
        final ArrayDeque<Packet> newest = new ArrayDeque<>(NEWEST);
        long omitted;

        void add(Packet p) {
            if (first.size() < FIRST) {
                first.add(p);
                return;
            }
            if (newest.size() == NEWEST) {
                newest.removeFirst();
                omitted++;
            }
            newest.addLast(p);
        }
    }

    private final int capacity;
    private final Map<Pair, Entry> byPair;

    public SegmentLog() {
        this(CONNECTIONS);
    }

    SegmentLog(int capacity) {
        this.capacity = capacity;
        this.byPair = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Pair, SegmentLog.Entry> eldest) {
                return size() > SegmentLog.this.capacity;
            }
        };
    }

    public synchronized void add(Packet p) {
        byPair.computeIfAbsent(new Pair(p.src(), p.dst()), k -> new Entry()).add(p);
    }

    /** The segments between two ends, oldest first, or null when none were logged. */
    synchronized Segments of(Endpoint one, Endpoint two) {
        Entry e = byPair.get(new Pair(one, two));
        return e == null ? null : new Segments(List.copyOf(e.first), e.omitted, List.copyOf(e.newest));
    }

    /** Two ends in either order. */
    private record Pair(Endpoint one, Endpoint two) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && (one.equals(p.one) && two.equals(p.two) || one.equals(p.two)
                    && two.equals(p.one));
        }

        @Override
        public int hashCode() {
            return one.hashCode() ^ two.hashCode();
        }
    }
}
