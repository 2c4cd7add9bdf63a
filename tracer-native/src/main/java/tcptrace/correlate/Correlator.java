package tcptrace.correlate;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import tcptrace.ArrivalOrderedQueue;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;
import tcptrace.capture.TcpSegment;
import tcptrace.os.SocketOwner;
import tcptrace.os.SocketOwnerLookup;

/**
 * Joins packets and application events into verdicts. Each FIN or RST (and each "Connection timed out" without
 * one) waits {@link #holdNanos} before it is decided, because in a live capture the journal record that explains
 * it may arrive after the packet; post-mortem, all events are fed first and the hold costs nothing.
 *
 * <p>Time: post-mortem ({@link #postMortem}) it advances with the packets. Live ({@link #live}) only
 * {@link #advance} moves it, and the caller must pass a time taken <em>before</em> its last read of the journals: an
 * end is then decided only once every record written before its deadline has been read. {@link #finish} decides
 * whatever is left.
 *
 * <p>Thread-safe: a live capture feeds it from the capture, journal and process-watch threads.
 */
public final class Correlator {
    /** Long enough for a journal poll and a process-exit notice to land, short enough to print within 1 s. */
    public static final long DEFAULT_HOLD_NANOS = 500_000_000L;
    /**
     * Ended connections, and connections the application closed, are forgotten after this much quiet: long enough
     * for any late packet or record of theirs, short enough that a capture running for days holds only what is live.
     */
    static final long RETENTION_NANOS = 300_000_000_000L;
    /**
     * Post-mortem, a connection that ended and that no traced JVM knows is forgotten once it has been quiet for the
     * hold (its ends are decided by then) and this much more, for a late ACK or a retransmitted FIN of its own: it
     * keeps the memory of a large capture to the connections still open.
     */
    static final long POST_MORTEM_QUIET_MARGIN_NANOS = 1_000_000_000L;
    private static final long SWEEP_EVERY_NANOS = 10_000_000_000L;
    /** What a JDK read or write reports when the kernel gave up on the connection (ETIMEDOUT). */
    static final String CONNECTION_TIMED_OUT = "Connection timed out";

    /** The order in which rules are tried: the first that answers decides. */
    private static final List<Rule> RULES = List.of(
            new KeepaliveTimeoutRule(),
            new ShutdownInsideCloseRule(),
            new ShutdownInsideCloseAbortRule(),
            new AppShutdownOutputRule(),
            new AppCloseRule(),
            new GcCleanerCloseRule(),
            new AppAbortRule(),
            new ProcessExitRule(),
            new RetransmissionTimeoutRule(),
            new PeerCloseRule(),
            new PeerResetRule(),
            new UnattributedRule());

    /**
     * An end waiting for its hold: a FIN or RST {@code from} one end of {@code connection}, by its numbers (its copy,
     * with two endpoints, is made when it is decided: a large capture holds a hold's worth of ends), or a timeout.
     */
    private record Pending(long deadline, long order, Connection connection, Side from, long seq, long ack,
                           int flags, int payloadLength, Packet answered, long idleNanos, AppEvent timeout) {

        /** @param idleNanos how long the connection had carried no data at the packet, -1 when unknown */
        static Pending end(long deadline, long order, Connection c, Side from, TcpSegment s, Packet answered,
                           long idleNanos) {
            return new Pending(deadline, order, c, from, s.seq(), s.ack(), s.flags(), s.payloadLength(), answered,
                    idleNanos, null);
        }

        static Pending timeout(long deadline, long order, AppEvent error) {
            return new Pending(deadline, order, null, null, 0, 0, 0, 0, null, -1, error);
        }

        /** The packet, sent a hold before the deadline; null for a timeout. */
        Packet packet(long holdNanos) {
            return connection == null ? null
                    : connection.packet(from, deadline - holdNanos, seq, ack, flags, payloadLength);
        }
    }

    private final Consumer<Verdict> out;
    private final long holdNanos;
    private final HostAddresses hostAddresses;
    private final SocketOwnerLookup owners;
    private final boolean packetsAdvanceTime;
    /** Whether verdicts carry their packets and events (see {@link #postMortem(Consumer, boolean)}). */
    private final boolean evidence;
    private final ConnectionTable table;
    /** Made once: advance runs for every packet. */
    private final Predicate<Connection> keepForApps = this::keepForApps;
    private final Predicate<AppConnection> onTheWire = this::onTheWire;
    private final Consumer<AppConnection> forgotten = this::forgotten;
    /** Post-mortem, what has been quiet since this (epoch ns) is forgotten: see {@link #advance}. */
    private long quietSinceNanos = Long.MIN_VALUE;
    /** The ends of the packet at hand, reused for every packet. */
    private final FourTuple ends = new FourTuple();
    private final AppIndex apps = new AppIndex();
    private final ArrivalOrderedQueue<Pending> pending = new ArrivalOrderedQueue<>(
            (a, b) -> a.deadline != b.deadline ? Long.compare(a.deadline, b.deadline) : Long.compare(a.order, b.order));
    private final Set<AppConnection> timedOut = new HashSet<>();
    private long order;
    private long packets;
    private long lastSweepNanos;

    private Correlator(Consumer<Verdict> out, long holdNanos, HostAddresses hostAddresses, SocketOwnerLookup owners,
                       boolean packetsAdvanceTime, int evidencePackets) {
        this.out = out;
        this.table = new ConnectionTable(evidencePackets);
        this.evidence = evidencePackets > 0;
        this.holdNanos = holdNanos;
        this.hostAddresses = hostAddresses;
        this.owners = owners;
        this.packetsAdvanceTime = packetsAdvanceTime;
    }

    /**
     * For files: every application event is fed before the first packet, and the packets' times drive the holds.
     *
     * @param out receives each verdict once decided
     */
    public static Correlator postMortem(Consumer<Verdict> out) {
        return postMortem(out, true);
    }

    /**
     * For files, as {@link #postMortem(Consumer)}.
     *
     * @param evidencePackets false when no report will show a verdict's packets and events: connections then keep
     *                        no packets, and verdicts carry neither
     */
    public static Correlator postMortem(Consumer<Verdict> out, boolean evidencePackets) {
        return postMortem(out, evidencePackets, HostAddresses.NONE);
    }

    /**
     * For files, as {@link #postMortem(Consumer)}.
     *
     * @param evidencePackets false when no report will show a verdict's packets: connections then keep none
     * @param captureHost     the addresses the capture file gives its own host (loopback and the addresses of the
     *                        traced JVMs are known without)
     */
    public static Correlator postMortem(Consumer<Verdict> out, boolean evidencePackets, HostAddresses captureHost) {
        return new Correlator(out, DEFAULT_HOLD_NANOS, captureHost, SocketOwnerLookup.NONE, true,
                evidencePackets ? Connection.EVIDENCE_PACKETS : 0);
    }

    /**
     * For a live capture: events arrive as the journals are read, and only {@link #advance} moves time.
     *
     * @param out       receives each verdict once decided
     * @param holdNanos how long an end waits for late evidence
     * @param thisHost  the addresses of this host's interfaces
     * @param owners    who owns the local socket of a connection
     */
    public static Correlator live(Consumer<Verdict> out, long holdNanos, HostAddresses thisHost,
                                  SocketOwnerLookup owners) {
        return new Correlator(out, holdNanos, thisHost, owners, false, Connection.EVIDENCE_PACKETS);
    }

    /** Post-mortem with a view of which endpoints are of this host (tests, and captures known to be local). */
    static Correlator postMortem(Consumer<Verdict> out, Predicate<Endpoint> localHost) {
        return postMortem(out, localHost, SocketOwnerLookup.NONE);
    }

    /** Post-mortem with a view of this host and of its sockets' owners (tests). */
    static Correlator postMortem(Consumer<Verdict> out, Predicate<Endpoint> localHost, SocketOwnerLookup owners) {
        return new Correlator(out, DEFAULT_HOLD_NANOS, e -> localHost.test(e) ? LocalEnd.addressOfThisHost() : null,
                owners, true, Connection.EVIDENCE_PACKETS);
    }

    /** Takes what it keeps of {@code s}, which may be a capture's flyweight: most packets leave no object behind. */
    public synchronized void onSegment(TcpSegment s) {
        if (packetsAdvanceTime) {
            advance(s.timeNanos());
        }
        packets++;
        ends.assign(s);
        long known = table.connections();
        Connection c = table.connectionFor(ends, s);
        if (table.connections() != known && owners.asksTheKernel()) {
            sighted(c);
        }
        Side from = c.sender(ends);
        // what a RST answers: the newest packet of the other end before it (only a RST's verdict looks)
        Packet answered = s.isRst() ? c.lastPacket(c.other(from)) : null;
        if (c.record(from, s)) {
            c.endHeld();
            // the idle time now: by the decision, later packets may have carried data
            pending.add(Pending.end(s.timeNanos() + holdNanos, order++, c, from, s, answered,
                    c.idleNanos(s.timeNanos())));
        }
        // live, records may still arrive for any connection: the periodic sweep forgets those
        if (packetsAdvanceTime && c.ended()) {
            table.ended(c);
        }
    }

    /** A traced JVM, known before it journals anything: a socket it owns is then known as a traced JVM's. */
    public synchronized void tracing(TracedJvm jvm) {
        apps.tracing(jvm);
    }

    public synchronized void onAppEvent(AppEvent e) {
        AppConnection ac = apps.add(e);
        SocketEvent ev = e.event();
        if (ac != null && ev.kind() == EventKind.ERROR && ev.message() != null
                && ev.message().contains(CONNECTION_TIMED_OUT) && timedOut.add(ac)) {
            pending.add(Pending.timeout(ev.epochNanos() + holdNanos, order++, e));
        }
    }

    /** Decides every end whose hold has passed by {@code nowNanos} (epoch ns). */
    public synchronized void advance(long nowNanos) {
        advance(nowNanos, Long.MAX_VALUE);
    }

    /**
     * Live: as {@link #advance(long)}, and a timeout (an application's "Connection timed out") is decided only once
     * the capture has delivered every packet up to its deadline: the kernel's RST that ended the connection comes
     * before the error, and a capture that lags the journal (a slow or paused tracer) has not handed it over yet.
     * The ends behind such a timeout wait with it, in deadline order.
     *
     * @param capturedUpToNanos every packet captured up to this time (epoch ns) has been fed
     */
    public synchronized void advance(long nowNanos, long capturedUpToNanos) {
        while (!pending.isEmpty() && pending.peek().deadline() <= nowNanos
                && (pending.peek().timeout() == null || pending.peek().deadline() <= capturedUpToNanos)) {
            decide(pending.poll());
        }
        if (packetsAdvanceTime) {
            // an ended connection quiet for this long is decided, and so is whatever its applications said of it:
            // both are forgotten together, and the application's connections that never showed on the wire alone
            quietSinceNanos = nowNanos - holdNanos - POST_MORTEM_QUIET_MARGIN_NANOS;
            table.forgetQuiet(quietSinceNanos, nowNanos, keepForApps);
            apps.forgetClosed(quietSinceNanos, onTheWire).forEach(forgotten);
        }
        if (nowNanos - lastSweepNanos > SWEEP_EVERY_NANOS) {
            lastSweepNanos = nowNanos;
            // only what no pending end can still need: those wait a hold, far less than the retention
            table.evictEnded(nowNanos - RETENTION_NANOS);
            timedOut.removeAll(apps.evictClosed(nowNanos - RETENTION_NANOS));
        }
    }

    /** Decides everything still held: the evidence is complete. */
    public synchronized void finish() {
        while (decideNext()) {
            // each held end in deadline order
        }
    }

    /**
     * Decides the held end with the earliest deadline, for a caller that passes on each verdict as it comes rather
     * than all at the {@link #finish}; returns false when none was held.
     */
    public synchronized boolean decideNext() {
        if (pending.isEmpty()) {
            return false;
        }
        decide(pending.poll());
        return true;
    }

    /**
     * The earliest time a verdict still held here can have ({@link Long#MAX_VALUE} when none is): a verdict's time
     * is that of its packet or timeout, a hold before the deadline it waits for, and the earliest deadline waits first.
     */
    public synchronized long undecidedSince() {
        return pending.isEmpty() ? Long.MAX_VALUE : pending.peek().deadline() - holdNanos;
    }

    public synchronized long packets() {
        return packets;
    }

    public synchronized long connections() {
        return table.connections();
    }

    /** Application connections seen so far, for the half-open check. */
    public synchronized List<AppConnection> appConnections() {
        return apps.all();
    }

    private void decide(Pending p) {
        decideOne(p);
        Connection wire = p.connection();
        if (wire != null && wire.endDecided() && packetsAdvanceTime) {
            forgetIfSettled(wire);
        }
    }

    /**
     * Post-mortem, a connection that ended and whose every end has its verdict is forgotten at once (its tombstone
     * stays for late packets), with its application connections, when all of those were closed: a large capture
     * then holds the connections still open and the hold's worth of ended ones, not every connection of the last
     * seconds. Only the one wire connection of its 4-tuple: with another, which application connection is whose
     * is still being asked.
     */
    private void forgetIfSettled(Connection wire) {
        if (!wire.ended() || wire.forgotten() || !table.aloneOnItsTuple(wire)) {
            return;
        }
        // an application connection made after this one ended is of the next one on these ports
        long madeBy = wire.lastPacketNanos() + ConnectionTable.CONNECT_LEAD_NANOS;
        if (apps.forgetIfAllClosed(wire.apps(wire.first(), apps), wire.apps(wire.second(), apps), madeBy,
                forgotten)) {
            table.forgetNow(wire);
        }
    }

    private void decideOne(Pending p) {
        EndContext c;
        Packet packet = p.packet(holdNanos);
        if (packet != null) {
            Endpoint src = packet.src();
            Endpoint dst = packet.dst();
            Connection wire = p.connection();
            AppConnection srcApp = appFor(wire.apps(p.from(), apps), src, dst, wire, packet.timeNanos());
            c = new EndContext(packet, null, wire, src, dst, srcApp,
                    appFor(wire.apps(wire.other(p.from()), apps), dst, src, wire, packet.timeNanos()),
                    srcApp == null ? localSrc(src, dst) : null, p.answered(), p.idleNanos(), p.deadline(), evidence);
        } else {
            SocketEvent error = p.timeout().event();
            Endpoint src = error.local().canonical();
            Endpoint dst = error.remote().canonical();
            AppConnection srcApp = apps.find(src, dst).stream()
                    .filter(a -> a.jvm() == p.timeout().jvm() && a.events().contains(error)).findFirst().orElse(null);
            Connection wire = srcApp == null ? null : table.connectionAt(src, dst, srcApp.anchorNanos());
            if (wire != null && wire.endedBy(src)) {
                return; // a FIN or RST of src already has the verdict for this end (e.g. the keepalive RST)
            }
            // the end is the traced JVM's own, whichever connection of its the error belongs to
            LocalSrc local = srcApp == null
                    ? new LocalSrc(LocalEnd.addressOfTracedJvm(p.timeout().jvm()), null, null, false) : null;
            c = new EndContext(null, error, wire, src, dst, srcApp,
                    wire == null ? null : appFor(apps.tuple(dst, src), dst, src, wire, error.epochNanos()), local, null,
                    wire == null ? -1 : wire.idleNanos(error.epochNanos()), p.deadline(), evidence);
        }
        for (Rule r : RULES) {
            Optional<Verdict> v = r.decide(c);
            if (v.isPresent()) {
                out.accept(v.get());
                return;
            }
        }
    }

    /**
     * The application connection of {@code local} that is this wire connection. Several on one 4-tuple (ports are
     * reused): the newest whose connect/accept time maps to this wire connection and is not later than the end
     * being decided (in a live capture the reusing connection's SYN may not be on the wire yet).
     */
    private AppConnection appFor(AppTuple onTuple, Endpoint local, Endpoint remote, Connection wire, long endNanos) {
        if (onTuple == null) {
            return null;
        }
        // the only wire connection of its 4-tuple is the one of every application connection there
        boolean alone = table.aloneOnItsTuple(wire);
        AppConnection found = null;
        for (AppConnection a : onTuple.connections()) {
            if (a.anchorNanos() <= endNanos + ConnectionTable.CONNECT_LEAD_NANOS
                    && (alone || table.connectionAt(local, remote, a.anchorNanos()) == wire)) {
                found = a;
            }
        }
        return found;
    }

    /**
     * Whether an ended, quiet wire connection must stay for its applications: one that has not closed its socket,
     * or has spoken lately, may still report a timeout that needs it. The closed and quiet ones go with it.
     */
    private boolean keepForApps(Connection c) {
        return apps.forgetQuietOn(c.apps(c.first(), apps), c.apps(c.second(), apps), quietSinceNanos, forgotten);
    }

    /** Whether the wire holds a connection of this application connection's 4-tuple: it is forgotten with that. */
    private boolean onTheWire(AppConnection a) {
        return table.connectionAt(a.local(), a.remote(), a.anchorNanos()) != null;
    }

    private void forgotten(AppConnection a) {
        timedOut.remove(a);
    }

    /** Asks for the owners of the ends of a new connection that are on this host, while their sockets exist. */
    private void sighted(Connection c) {
        Endpoint a = c.endpoint(c.first());
        Endpoint b = c.endpoint(c.second());
        if (localEnd(a) != null) {
            owners.sighted(a, b);
        }
        if (localEnd(b) != null) {
            owners.sighted(b, a);
        }
    }

    /** What the host says of {@code src} when it is on the capture's host, else null. */
    private LocalSrc localSrc(Endpoint src, Endpoint dst) {
        LocalEnd where = localEnd(src);
        if (where == null) {
            return null;
        }
        SocketOwner owner = owners.owner(src, dst).orElse(null);
        return new LocalSrc(where, owner, owner == null ? null : apps.jvmOf(owner.pid()), owners.asksTheKernel());
    }

    /** Why {@code e} is on the capture's host, or null when nothing says it is. */
    private LocalEnd localEnd(Endpoint e) {
        if (LocalEnd.isLoopback(e)) {
            return LocalEnd.LOOPBACK;
        }
        LocalEnd host = hostAddresses.localEnd(e);
        if (host != null) {
            return host;
        }
        TracedJvm jvm = apps.jvmWithAddress(e);
        return jvm == null ? null : LocalEnd.addressOfTracedJvm(jvm);
    }
}
