package tcptrace.correlate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tcptrace.Durations;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;

/** Everything known about one connection end when its verdict is decided: the packet, both ends, their JVMs. */
final class EndContext {
    private final Packet packet;
    private final SocketEvent timeoutError;
    private final Connection connection;
    private final Endpoint src;
    private final Endpoint dst;
    private final AppConnection srcApp;
    private final AppConnection dstApp;
    private final LocalSrc srcLocal;
    private final Packet answered;
    private final long idleNanos;
    private final long evidenceUntilNanos;
    /** Whether the verdict carries its packets and events: only reports that show them need them. */
    private final boolean evidence;

    /**
     * @param packet        the FIN or RST, or null for an end without a packet
     * @param timeoutError  for an end without a packet: the ERROR event that showed it
     * @param connection    the wire connection, or null when the capture has none
     * @param srcApp        the src JVM's view of this connection, or null when src is not traced
     * @param dstApp        the dst JVM's view, or null
     * @param srcLocal      what the host says of src when its address is of the capture's host, else null
     * @param answered      for a RST, the newest packet dst had sent before it (what it answers), else null
     * @param idleNanos     how long the connection had carried no data before this end, -1 when unknown
     * @param evidenceUntilNanos the end of its hold: events stamped up to then are known, live as post-mortem
     */
    EndContext(Packet packet, SocketEvent timeoutError, Connection connection, Endpoint src, Endpoint dst,
               AppConnection srcApp, AppConnection dstApp, LocalSrc srcLocal, Packet answered, long idleNanos,
               long evidenceUntilNanos, boolean evidence) {
        this.packet = packet;
        this.timeoutError = timeoutError;
        this.connection = connection;
        this.src = src;
        this.dst = dst;
        this.srcApp = srcApp;
        this.dstApp = dstApp;
        this.srcLocal = srcLocal;
        this.answered = answered;
        this.idleNanos = idleNanos;
        this.evidenceUntilNanos = evidenceUntilNanos;
        this.evidence = evidence;
    }

    Packet packet() {
        return packet;
    }

    boolean isFin() {
        return packet != null && !packet.rst() && packet.fin();
    }

    boolean isRst() {
        return packet != null && packet.rst();
    }

    SocketEvent timeoutError() {
        return timeoutError;
    }

    long timeNanos() {
        return packet != null ? packet.timeNanos() : timeoutError.epochNanos();
    }

    Connection connection() {
        return connection;
    }

    Side srcSide() {
        return connection == null ? null : connection.side(src);
    }

    Side dstSide() {
        return connection == null ? null : connection.side(dst);
    }

    Endpoint src() {
        return src;
    }

    Endpoint dst() {
        return dst;
    }

    AppConnection srcApp() {
        return srcApp;
    }

    AppConnection dstApp() {
        return dstApp;
    }

    /** src is traced, or its address is of the capture's host: it is not "the peer". */
    boolean srcKnownLocal() {
        return srcApp != null || srcLocal != null;
    }

    /** What the host says of src, when its address is of the capture's host; else null. */
    LocalSrc srcLocal() {
        return srcLocal;
    }

    Packet answered() {
        return answered;
    }

    /** How long the connection had carried no data segment in either direction before this end; -1 when unknown. */
    long idleNanos() {
        return idleNanos;
    }

    /**
     * The application call that queued this FIN: the earliest CLOSE or SHUTDOWN_OUTPUT of src's connection stamped
     * at or before the packet (events are stamped on entry, before the syscall, so no tolerance is needed). The
     * earliest one wins: after shutdownOutput() a later close() sends no second FIN.
     */
    SocketEvent finCause() {
        return srcApp == null ? null : srcApp.firstAtOrBefore(timeNanos(), EventKind.CLOSE, EventKind.SHUTDOWN_OUTPUT);
    }

    /**
     * The application close of src's connection that followed {@code e} on the same thread, stamped no later than
     * the end of the hold (a close that a FIN precedes, such as one that shut the output down first), or null.
     */
    SocketEvent closeAfterOnSameThread(SocketEvent e) {
        SocketEvent close = srcApp == null ? null : srcApp.firstAtOrAfter(e.epochNanos(), EventKind.CLOSE);
        return close != null && close.epochNanos() <= evidenceUntilNanos && close.threadId() == e.threadId()
                ? close : null;
    }

    /** The application close of src's connection at or before the packet, or null. */
    SocketEvent closeBefore() {
        return srcApp == null ? null : srcApp.firstAtOrBefore(timeNanos(), EventKind.CLOSE);
    }

    /** "thread main", or for a thread without a name (virtual threads usually have none) its id. */
    static String thread(SocketEvent e) {
        if (!e.threadName().isEmpty()) {
            return "thread " + e.threadName();
        }
        return (e.virtualThread() ? "unnamed virtual thread #" : "unnamed thread #") + e.threadId();
    }

    String what() {
        return packet == null ? "end" : packet.endKind().wire();
    }

    /** "41 µs later" between an event and this packet. */
    String later(SocketEvent e) {
        return Durations.human(timeNanos() - e.epochNanos()) + " later";
    }

    /** A verdict whose cause is an application call: its thread and stack are the verdict's. */
    Verdict because(VerdictKind kind, SocketEvent cause, String explanation) {
        return verdict(kind, cause, null, null, cause.stack(), explanation);
    }

    /** A verdict with no application call behind it (a peer, the kernel, missing evidence). */
    Verdict withoutCause(VerdictKind kind, String explanation) {
        return verdict(kind, null, null, null, null, explanation);
    }

    /**
     * PEER_RESET, with what the RST answers (null when the wire does not say).
     *
     * @param metAt for a stale reuse, the stack where the application at dst met the reset, else null
     */
    Verdict peerReset(ResetReason reason, List<String> metAt, String explanation) {
        return verdict(VerdictKind.PEER_RESET, null, null, reason, metAt, explanation);
    }

    /** PROCESS_EXIT: the kernel closed the socket of a JVM that ended this way. */
    Verdict processExit(ExitKind exit, String explanation) {
        return verdict(VerdictKind.PROCESS_EXIT, null, exit, null, null, explanation);
    }

    private Verdict verdict(VerdictKind kind, SocketEvent cause, ExitKind exit, ResetReason reason,
                            List<String> stack, String explanation) {
        Long pid = srcApp != null && srcApp.jvm().pid() >= 0 ? srcApp.jvm().pid() : null;
        return verdict(kind, pid, cause, exit, reason, stack, explanation);
    }

    /** UNATTRIBUTED; its pid is src's JVM, or for an end no JVM recorded, the owner of its socket if the kernel said. */
    Verdict unattributed(String explanation) {
        Long pid = null;
        if (srcApp != null && srcApp.jvm().pid() >= 0) {
            pid = srcApp.jvm().pid();
        } else if (srcApp == null && srcLocal != null && srcLocal.owner() != null) {
            pid = srcLocal.owner().pid();
        }
        return verdict(VerdictKind.UNATTRIBUTED, pid, null, null, null, null, explanation);
    }

    private Verdict verdict(VerdictKind kind, Long pid, SocketEvent cause, ExitKind exit, ResetReason reason,
                            List<String> stack, String explanation) {
        String thread = cause == null ? null : cause.threadName();
        List<Packet> packets = connection == null || !evidence ? List.of() : connection.packetsUpTo(timeNanos());
        List<SocketEvent> events = evidence ? new ArrayList<>() : List.of();
        if (evidence && srcApp != null) {
            for (SocketEvent e : srcApp.events()) {
                if (e.epochNanos() <= timeNanos()) {
                    events.add(e);
                }
            }
        }
        if (evidence && cause != null && !events.contains(cause)) {
            events.add(cause);
        }
        return new Verdict(kind, src, dst, packet == null ? null : packet.endKind(), timeNanos(), pid, thread, exit,
                reason, stack, explanation, idleNanos < 0 ? null : Duration.ofNanos(idleNanos), packets, events);
    }
}
