package tcptrace.correlate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.SocketEvent;

/** The application side of the evidence: connections as the traced JVMs saw them, found by their 4-tuple. */
final class AppIndex {
    private record Key(Object jvm, long connectionId, Endpoint local, Endpoint remote, long start) {
    }

    /**
     * A local and a remote end (or one end alone, the other 0), by their bits: Endpoint's own hash is nearly linear in the last address byte and the
     * port, and a capture of many clients would pile its tuples into a few buckets.
     */
    private record TupleKey(long localHigh, long localLow, int localPort, long remoteHigh, long remoteLow,
                            int remotePort) {
        static TupleKey of(Endpoint local, Endpoint remote) {
            FourTuple t = FourTuple.of(local, remote);
            return new TupleKey(t.srcHigh, t.srcLow, t.srcPort, t.dstHigh, t.dstLow, t.dstPort);
        }

        static TupleKey end(Endpoint e) {
            FourTuple t = FourTuple.of(e, e);
            return new TupleKey(t.srcHigh, t.srcLow, t.srcPort, 0, 0, 0);
        }

        @Override
        public int hashCode() {
            long h = localHigh * 0x9E37_79B9_7F4A_7C15L + localLow;
            h = h * 0x9E37_79B9_7F4A_7C15L + localPort;
            h = h * 0x9E37_79B9_7F4A_7C15L + remoteHigh;
            h = h * 0x9E37_79B9_7F4A_7C15L + remoteLow;
            h = h * 0x9E37_79B9_7F4A_7C15L + remotePort;
            return (int) (h ^ h >>> 32);
        }
    }

    private final Map<Key, AppConnection> byIdentity = new HashMap<>();
    private final Map<TupleKey, List<AppConnection>> byTuple = new HashMap<>();
    /** The local addresses of the traced JVMs (as endpoints of port 0), each with the first JVM seen there. */
    private final Map<Endpoint, TracedJvm> localAddresses = new HashMap<>();
    private final Map<Long, TracedJvm> byPid = new HashMap<>();
    /** Connections in the order the application closed them, for {@link #forgetClosed}. */
    private final ClosedQueue closedInOrder = new ClosedQueue();

    /** Files the event under its connection; returns that connection, or null when the event names no 4-tuple. */
    AppConnection add(AppEvent e) {
        SocketEvent ev = e.event();
        e.jvm().sawEvent(ev.epochNanos());
        tracing(e.jvm());
        if (ev.local() == null || ev.remote() == null) {
            return null;
        }
        Endpoint local = ev.local().canonical();
        Endpoint remote = ev.remote().canonical();
        // the connection id is unique per JVM; without one, the 4-tuple and start time identify the connection
        Key key = ev.connectionId() != 0 ? new Key(e.jvm(), ev.connectionId(), null, null, 0)
                : new Key(e.jvm(), 0, local, remote, ev.connectionStartNanos());
        AppConnection c = byIdentity.get(key);
        if (c == null) {
            c = new AppConnection(e.jvm(), local, remote, ev.connectionStartNanos(), key);
            byIdentity.put(key, c);
            byTuple.computeIfAbsent(TupleKey.of(local, remote), k -> new ArrayList<>()).add(c);
            Endpoint address = new Endpoint(local.address(), 0);
            if (!isWildcard(address)) {
                localAddresses.putIfAbsent(address, e.jvm());
            }
        }
        boolean wasClosed = c.closed();
        c.add(ev.local() == c.local() && ev.remote() == c.remote() ? ev : withEnds(ev, c.local(), c.remote()));
        if (!wasClosed && c.closed()) {
            closedInOrder.addLast(c);
        }
        return c;
    }

    /** The event naming its connection's ends by the objects the connection holds: one copy for all its events. */
    private static SocketEvent withEnds(SocketEvent e, Endpoint local, Endpoint remote) {
        return new SocketEvent(e.kind(), e.epochNanos(), e.connectionId(), e.connectionStartNanos(), e.api(), local,
                remote, e.threadId(), e.threadName(), e.virtualThread(), e.actor(), e.bytesRead(), e.bytesWritten(),
                e.options(), e.message(), e.stack());
    }

    /** Connections whose local end is {@code local} and remote end {@code remote}, oldest first. */
    List<AppConnection> find(Endpoint local, Endpoint remote) {
        if (byTuple.isEmpty()) {
            return List.of(); // a capture read without journal or JFR evidence: asked once per verdict, for nothing
        }
        List<AppConnection> l = byTuple.get(TupleKey.of(local, remote));
        if (l == null) {
            return List.of();
        }
        List<AppConnection> copy = new ArrayList<>(l);
        copy.sort(Comparator.comparingLong(AppConnection::anchorNanos));
        return copy;
    }

    /** The traced JVM that had a connection from {@code e}'s address (any port), or null. */
    TracedJvm jvmWithAddress(Endpoint e) {
        return localAddresses.isEmpty() ? null : localAddresses.get(new Endpoint(e.address(), 0));
    }

    /** Notes a traced JVM, also one that has journaled no connection yet. */
    void tracing(TracedJvm jvm) {
        if (jvm.pid() >= 0) {
            byPid.putIfAbsent(jvm.pid(), jvm);
        }
    }

    /** The traced JVM with this pid, or null. */
    TracedJvm jvmOf(long pid) {
        return byPid.get(pid);
    }

    private static boolean isWildcard(Endpoint e) {
        for (byte b : e.address()) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Forgets the connections on this 4-tuple (either way round) that the application closed and that have been
     * quiet since {@code quietSinceNanos}; returns whether any connection the application did not close or that
     * was not quiet yet stays on it.
     */
    boolean forgetQuietOn(Endpoint a, Endpoint b, long quietSinceNanos, Consumer<AppConnection> forgotten) {
        if (byTuple.isEmpty()) {
            return false; // a capture read without evidence: asked once per ended connection, for nothing
        }
        boolean stays = forgetQuietOn(TupleKey.of(a, b), quietSinceNanos, forgotten);
        return forgetQuietOn(TupleKey.of(b, a), quietSinceNanos, forgotten) | stays;
    }

    /**
     * Whether every application connection on this 4-tuple (either way round) made by {@code madeByNanos} was closed
     * by its application; later ones are of a later wire connection.
     */
    boolean allClosedOn(Endpoint a, Endpoint b, long madeByNanos) {
        return byTuple.isEmpty() || allClosed(byTuple.get(TupleKey.of(a, b)), madeByNanos)
                && allClosed(byTuple.get(TupleKey.of(b, a)), madeByNanos);
    }

    private static boolean allClosed(List<AppConnection> l, long madeByNanos) {
        if (l != null) {
            for (AppConnection c : l) {
                if (c.anchorNanos() <= madeByNanos && !c.closed()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Forgets the application connections on this 4-tuple (either way round) made by {@code madeByNanos}. */
    void forgetOn(Endpoint a, Endpoint b, long madeByNanos, Consumer<AppConnection> forgotten) {
        if (!byTuple.isEmpty()) {
            forgetMadeBy(TupleKey.of(a, b), madeByNanos, forgotten);
            forgetMadeBy(TupleKey.of(b, a), madeByNanos, forgotten);
        }
    }

    private void forgetMadeBy(TupleKey tuple, long madeByNanos, Consumer<AppConnection> forgotten) {
        List<AppConnection> l = byTuple.get(tuple);
        if (l == null) {
            return;
        }
        for (int i = l.size() - 1; i >= 0; i--) {
            AppConnection c = l.get(i);
            if (c.anchorNanos() <= madeByNanos) {
                l.remove(i);
                byIdentity.remove(c.indexKey);
                forgotten.accept(c);
                closedInOrder.remove(c);
                c.release();
            }
        }
        if (l.isEmpty()) {
            byTuple.remove(tuple);
        }
    }

    private boolean forgetQuietOn(TupleKey tuple, long quietSinceNanos, Consumer<AppConnection> forgotten) {
        List<AppConnection> l = byTuple.get(tuple);
        if (l == null) {
            return false;
        }
        boolean stays = false;
        for (AppConnection c : l) {
            if (c.closed() && c.lastEventNanos() < quietSinceNanos) {
                byIdentity.remove(c.indexKey);
                forgotten.accept(c);
                closedInOrder.remove(c);
                c.release();
            } else {
                stays = true;
            }
        }
        l.removeIf(c -> c.closed() && c.lastEventNanos() < quietSinceNanos);
        if (l.isEmpty()) {
            byTuple.remove(tuple);
        }
        return stays;
    }

    /**
     * Forgets, oldest close first, the connections the application closed that have been quiet since
     * {@code quietSinceNanos} and that {@code onTheWire} does not hold (those go with their wire connection);
     * returns them. Costs only the connections it looks at.
     */
    List<AppConnection> forgetClosed(long quietSinceNanos, Predicate<AppConnection> onTheWire) {
        List<AppConnection> gone = new ArrayList<>();
        while (closedInOrder.peekFirst() != null && closedInOrder.peekFirst().lastEventNanos() < quietSinceNanos) {
            AppConnection c = closedInOrder.pollFirst();
            // one forgotten with its wire connection is gone already
            if (byIdentity.get(c.indexKey) == c && !onTheWire.test(c)) {
                byIdentity.remove(c.indexKey);
                TupleKey tuple = TupleKey.of(c.local(), c.remote());
                List<AppConnection> l = byTuple.get(tuple);
                l.remove(c);
                if (l.isEmpty()) {
                    byTuple.remove(tuple);
                }
                gone.add(c);
            }
        }
        return gone;
    }

    /** Forgets connections the application closed before {@code closedBeforeNanos}; returns them. */
    List<AppConnection> evictClosed(long closedBeforeNanos) {
        List<AppConnection> gone = new ArrayList<>();
        byIdentity.values().removeIf(c -> {
            boolean old = c.closed() && c.lastEventNanos() < closedBeforeNanos;
            if (old) {
                gone.add(c);
            }
            return old;
        });
        for (AppConnection c : gone) {
            TupleKey tuple = TupleKey.of(c.local(), c.remote());
            List<AppConnection> l = byTuple.get(tuple);
            l.remove(c);
            if (l.isEmpty()) {
                byTuple.remove(tuple);
            }
        }
        return gone;
    }

    List<AppConnection> all() {
        return List.copyOf(byIdentity.values());
    }
}
