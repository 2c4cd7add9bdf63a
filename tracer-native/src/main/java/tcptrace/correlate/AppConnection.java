package tcptrace.correlate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;
import tcptrace.agent.event.SocketOptionsSnapshot;

/** Everything one JVM said about one of its connections, in time order. */
public final class AppConnection {
    private final TracedJvm jvm;
    private final Endpoint local;
    private final Endpoint remote;
    private final long startNanos;
    /** What the index files it under, to forget it without a search. */
    final Object indexKey;
    /** The index's connections of its two ends, this one among them. */
    private final AppTuple tuple;
    private List<SocketEvent> events = new ArrayList<>(4);
    private boolean closed;
    /** Its place in the index's queue of closes, or -1 (see {@link ClosedQueue}). */
    private long queuedAt = -1;
    /** The time of the newest event once {@link #release}d. */
    private long releasedLastEventNanos;

    AppConnection(TracedJvm jvm, Endpoint local, Endpoint remote, long startNanos, Object indexKey, AppTuple tuple) {
        this.indexKey = indexKey;
        this.tuple = tuple;
        this.jvm = jvm;
        this.local = local;
        this.remote = remote;
        this.startNanos = startNanos;
    }

    public TracedJvm jvm() {
        return jvm;
    }

    public Endpoint local() {
        return local;
    }

    public Endpoint remote() {
        return remote;
    }

    /** When the connection was made (connect/accept), or when it was first seen if that is unknown. */
    public long anchorNanos() {
        return startNanos != 0 ? startNanos : events.isEmpty() ? 0 : events.get(0).epochNanos();
    }

    public List<SocketEvent> events() {
        return List.copyOf(events);
    }

    void add(SocketEvent e) {
        events.add(e);
        closed |= e.kind() == EventKind.CLOSE;
        if (events.size() > 1 && events.get(events.size() - 2).epochNanos() > e.epochNanos()) {
            events.sort(Comparator.comparingLong(SocketEvent::epochNanos));
        }
    }

    /** The earliest event of one of {@code kinds} at or before {@code nanos}, or null. */
    public SocketEvent firstAtOrBefore(long nanos, EventKind... kinds) {
        for (SocketEvent e : events) {
            if (e.epochNanos() > nanos) {
                return null;
            }
            for (EventKind k : kinds) {
                if (e.kind() == k) {
                    return e;
                }
            }
        }
        return null;
    }

    /** The earliest event of {@code kind} at or after {@code nanos}, or null. */
    public SocketEvent firstAtOrAfter(long nanos, EventKind kind) {
        for (SocketEvent e : events) {
            if (e.epochNanos() >= nanos && e.kind() == kind) {
                return e;
            }
        }
        return null;
    }

    AppTuple tuple() {
        return tuple;
    }

    long queuedAt() {
        return queuedAt;
    }

    void queuedAt(long at) {
        queuedAt = at;
    }

    /**
     * Lets go of the events once the index forgot it: the queue of closes still names it for a while, and a large
     * capture would keep every event of those seconds.
     */
    void release() {
        long last = lastEventNanos();
        events = new ArrayList<>(0);
        releasedLastEventNanos = last;
    }

    long lastEventNanos() {
        if (events.isEmpty()) {
            return releasedLastEventNanos;
        }
        return events.get(events.size() - 1).epochNanos();
    }

    /** Whether the application closed this connection at all. */
    public boolean closed() {
        return closed;
    }

    /** The newest socket options known for this connection. */
    public SocketOptionsSnapshot options() {
        SocketOptionsSnapshot o = SocketOptionsSnapshot.UNKNOWN;
        for (SocketEvent e : events) {
            if (e.options() != SocketOptionsSnapshot.UNKNOWN) {
                o = e.options();
            }
        }
        return o;
    }
}
