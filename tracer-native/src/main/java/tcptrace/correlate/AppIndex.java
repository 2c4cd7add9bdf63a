package tcptrace.correlate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.SocketEvent;

/** The application side of the evidence: connections as the traced JVMs saw them, found by their 4-tuple. */
final class AppIndex {
    private record Key(Object jvm, long connectionId, Endpoint local, Endpoint remote, long start) {
    }

    private final Map<Key, AppConnection> byIdentity = new HashMap<>();
    private final Map<List<Endpoint>, List<AppConnection>> byTuple = new HashMap<>();
    /** The local addresses of the traced JVMs (as endpoints of port 0), each with the first JVM seen there. */
    private final Map<Endpoint, TracedJvm> localAddresses = new HashMap<>();
    private final Map<Long, TracedJvm> byPid = new HashMap<>();

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
            c = new AppConnection(e.jvm(), local, remote, ev.connectionStartNanos());
            byIdentity.put(key, c);
            byTuple.computeIfAbsent(List.of(local, remote), k -> new ArrayList<>()).add(c);
            Endpoint address = new Endpoint(local.address(), 0);
            if (!isWildcard(address)) {
                localAddresses.putIfAbsent(address, e.jvm());
            }
        }
        c.add(ev);
        return c;
    }

    /** Connections whose local end is {@code local} and remote end {@code remote}, oldest first. */
    List<AppConnection> find(Endpoint local, Endpoint remote) {
        if (byTuple.isEmpty()) {
            return List.of(); // a capture read without journal or JFR evidence: asked once per verdict, for nothing
        }
        List<AppConnection> l = byTuple.get(List.of(local, remote));
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
            List<AppConnection> l = byTuple.get(List.of(c.local(), c.remote()));
            l.remove(c);
            if (l.isEmpty()) {
                byTuple.remove(List.of(c.local(), c.remote()));
            }
        }
        return gone;
    }

    List<AppConnection> all() {
        return List.copyOf(byIdentity.values());
    }
}
