package tcptrace.correlate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
            return new TupleKey(high(local), low(local), port(local), high(remote), low(remote), port(remote));
        }

        // as FourTuple packs an end (ends are canonical here: no IPv4-mapped address)
        private static long high(Endpoint e) {
            return e.addressLength() == 4 ? 0 : e.addressBits(0, 8);
        }

        private static long low(Endpoint e) {
            return e.addressLength() == 4 ? e.addressBits(0, 4) : e.addressBits(8, 8);
        }

        private static int port(Endpoint e) {
            return e.port() | (e.addressLength() == 4 ? 1 << 16 : 0);
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

    /** By the connection id of its JVM's agent; those without one (older evidence) by 4-tuple and start. */
    private final Map<TracedJvm, ConnectionIds> byId = new IdentityHashMap<>();
    private final Map<Key, AppConnection> byStart = new HashMap<>();
    /** The ids of the JVM looked up last: a journal's events are one JVM's. */
    private TracedJvm idsJvm;
    private ConnectionIds idsOfJvm;
    private final Map<TupleKey, AppTuple> byTuple = new HashMap<>();
    /** The local addresses of the traced JVMs (as endpoints of port 0), each with the first JVM seen there. */
    private final Map<Endpoint, TracedJvm> localAddresses = new HashMap<>();
    private final Map<Long, TracedJvm> byPid = new HashMap<>();
    /** Connections in the order the application closed them, for {@link #forgetClosed}. */
    private final ClosedQueue closedInOrder = new ClosedQueue();
    /** The JVM of the last event: a journal's events are one JVM's, and noting it again for each costs a lookup. */
    private TracedJvm lastJvm;

    /** Files the event under its connection; returns that connection, or null when the event names no 4-tuple. */
    AppConnection add(AppEvent e) {
        SocketEvent ev = e.event();
        e.jvm().sawEvent(ev.epochNanos());
        if (e.jvm() != lastJvm) {
            lastJvm = e.jvm();
            tracing(e.jvm());
        }
        if (ev.local() == null || ev.remote() == null) {
            return null;
        }
        Endpoint local = ev.local().canonical();
        Endpoint remote = ev.remote().canonical();
        // the connection id is unique per JVM; without one, the 4-tuple and start time identify the connection
        long id = ev.connectionId();
        Key key = id != 0 ? null : new Key(e.jvm(), 0, local, remote, ev.connectionStartNanos());
        AppConnection c = id != 0 ? ids(e.jvm()).get(id) : byStart.get(key);
        if (c == null) {
            AppTuple tuple = byTuple.computeIfAbsent(TupleKey.of(local, remote), AppTuple::new);
            c = new AppConnection(e.jvm(), local, remote, ev.connectionStartNanos(), id != 0 ? id : key, tuple);
            if (id != 0) {
                ids(e.jvm()).put(id, c);
            } else {
                byStart.put(key, c);
            }
            tuple.add(c);
            Endpoint address = local.onPort(0);
            if (!isWildcard(address)) {
                localAddresses.putIfAbsent(address, e.jvm());
            }
        }
        boolean wasClosed = c.closed();
        c.add(ev.local().equals(c.local()) && ev.remote().equals(c.remote()) ? ev
                : withEnds(ev, c.local(), c.remote()));
        if (!wasClosed && c.closed()) {
            closedInOrder.addLast(c);
        }
        return c;
    }

    /** The event naming its connection's ends as the connection does (an IPv4-mapped address as IPv4). */
    private static SocketEvent withEnds(SocketEvent e, Endpoint local, Endpoint remote) {
        return new SocketEvent(e.kind(), e.epochNanos(), e.connectionId(), e.connectionStartNanos(), e.api(), local,
                remote, e.threadId(), e.threadName(), e.virtualThread(), e.actor(), e.bytesRead(), e.bytesWritten(),
                e.options(), e.message(), e.stack());
    }

    /** Connections whose local end is {@code local} and remote end {@code remote}, oldest first. */
    List<AppConnection> find(Endpoint local, Endpoint remote) {
        AppTuple t = tuple(local, remote);
        return t == null ? List.of() : t.connections();
    }

    /** Whether it holds no connection at all (a capture read without evidence). */
    boolean isEmpty() {
        return byTuple.isEmpty();
    }

    /** The connections of {@code local} and {@code remote} as the index holds them, or null when it holds none. */
    AppTuple tuple(Endpoint local, Endpoint remote) {
        // a capture read without journal or JFR evidence: asked for every verdict, for nothing
        return byTuple.isEmpty() ? null : byTuple.get(TupleKey.of(local, remote));
    }

    /** The traced JVM that had a connection from {@code e}'s address (any port), or null. */
    TracedJvm jvmWithAddress(Endpoint e) {
        return localAddresses.isEmpty() ? null : localAddresses.get(e.onPort(0));
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
        int n = e.addressLength();
        return n == 4 ? e.addressBits(0, 4) == 0 : e.addressBits(0, 8) == 0 && e.addressBits(8, 8) == 0;
    }

    /**
     * Forgets the connections of these tuples (a wire connection's two ends, either null) that the application closed
     * and that have been quiet since {@code quietSinceNanos}; returns whether any connection the application did not
     * close or that was not quiet yet stays on them.
     */
    boolean forgetQuietOn(AppTuple ab, AppTuple ba, long quietSinceNanos, Consumer<AppConnection> forgotten) {
        boolean stays = forgetQuietOn(ab, quietSinceNanos, forgotten);
        return forgetQuietOn(ba, quietSinceNanos, forgotten) | stays;
    }

    /**
     * Forgets the connections of these tuples (either null) made by {@code madeByNanos}, when the application closed
     * every one of them; later ones are of a later wire connection. Returns whether it did.
     */
    boolean forgetIfAllClosed(AppTuple ab, AppTuple ba, long madeByNanos, Consumer<AppConnection> forgotten) {
        if ((ab != null && !ab.allClosed(madeByNanos)) || (ba != null && !ba.allClosed(madeByNanos))) {
            return false;
        }
        forgetMadeBy(ab, madeByNanos, forgotten);
        forgetMadeBy(ba, madeByNanos, forgotten);
        return true;
    }

    private void forgetMadeBy(AppTuple tuple, long madeByNanos, Consumer<AppConnection> forgotten) {
        if (tuple == null) {
            return;
        }
        List<AppConnection> l = tuple.list();
        for (int i = l.size() - 1; i >= 0; i--) {
            AppConnection c = l.get(i);
            if (c.anchorNanos() <= madeByNanos) {
                l.remove(i);
                unindex(c);
                forgotten.accept(c);
                closedInOrder.remove(c);
                c.release();
            }
        }
        removeIfEmpty(tuple);
    }

    private boolean forgetQuietOn(AppTuple tuple, long quietSinceNanos, Consumer<AppConnection> forgotten) {
        if (tuple == null) {
            return false;
        }
        boolean stays = false;
        List<AppConnection> l = tuple.list();
        for (int i = l.size() - 1; i >= 0; i--) {
            AppConnection c = l.get(i);
            if (c.closed() && c.lastEventNanos() < quietSinceNanos) {
                l.remove(i);
                unindex(c);
                forgotten.accept(c);
                closedInOrder.remove(c);
                c.release();
            } else {
                stays = true;
            }
        }
        removeIfEmpty(tuple);
        return stays;
    }

    /** Lets an emptied tuple go, and tells whoever kept it. */
    private void removeIfEmpty(AppTuple tuple) {
        if (tuple.isEmpty() && !tuple.removed()) {
            byTuple.remove((TupleKey) tuple.key);
            tuple.markRemoved();
        }
    }

    /** Takes {@code c} off its tuple. */
    private void unlink(AppConnection c) {
        c.tuple().list().remove(c);
        removeIfEmpty(c.tuple());
    }

    /**
     * Forgets, oldest close first, the connections the application closed that have been quiet since
     * {@code quietSinceNanos} and that {@code onTheWire} does not hold (those go with their wire connection);
     * returns them. Costs only the connections it looks at.
     */
    List<AppConnection> forgetClosed(long quietSinceNanos, Predicate<AppConnection> onTheWire) {
        if (closedInOrder.peekFirst() == null || closedInOrder.peekFirst().lastEventNanos() >= quietSinceNanos) {
            return List.of(); // asked at every packet: most find nothing to forget
        }
        List<AppConnection> gone = new ArrayList<>();
        while (closedInOrder.peekFirst() != null && closedInOrder.peekFirst().lastEventNanos() < quietSinceNanos) {
            AppConnection c = closedInOrder.pollFirst();
            // one forgotten with its wire connection is gone already
            if (indexed(c) && !onTheWire.test(c)) {
                unindex(c);
                unlink(c);
                gone.add(c);
            }
        }
        return gone;
    }

    /** Forgets connections the application closed before {@code closedBeforeNanos}; returns them. */
    List<AppConnection> evictClosed(long closedBeforeNanos) {
        List<AppConnection> gone = new ArrayList<>();
        for (AppConnection c : all()) {
            if (c.closed() && c.lastEventNanos() < closedBeforeNanos) {
                unindex(c);
                unlink(c);
                gone.add(c);
            }
        }
        return gone;
    }

    List<AppConnection> all() {
        List<AppConnection> all = new ArrayList<>(byStart.values());
        byId.values().forEach(ids -> ids.forEach(all::add));
        return all;
    }

    private ConnectionIds ids(TracedJvm jvm) {
        if (jvm != idsJvm) {
            idsOfJvm = byId.computeIfAbsent(jvm, j -> new ConnectionIds());
            idsJvm = jvm;
        }
        return idsOfJvm;
    }

    /** Whether {@code c} is still the connection its identity names. */
    private boolean indexed(AppConnection c) {
        return c.indexKey instanceof Key k ? byStart.get(k) == c : ids(c.jvm()).get((Long) c.indexKey) == c;
    }

    private void unindex(AppConnection c) {
        if (c.indexKey instanceof Key k) {
            byStart.remove(k, c);
        } else {
            ids(c.jvm()).remove((Long) c.indexKey, c);
        }
    }
}
