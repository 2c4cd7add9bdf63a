package tcptrace.agent.connection;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketOptionsSnapshot;
import tcptrace.agent.stack.CapturedStack;

/**
 * What the agent remembers about one socket, from the first option set or connect until it is closed, and the
 * transitions between (connecting, establish or adopt, shutdown, close), each saying whether it is worth an event.
 * The JDK forgets the 4-tuple once the socket is closed; this keeps it. Held by {@link ConnectionRegistry} under the
 * socket's FileDescriptor, weakly.
 */
final class ConnectionState {
    enum Phase {
        /** Options may have been set, no connection yet. */
        UNCONNECTED,
        CONNECTED,
        /** Connected but outside the {@code ports=} filter: nothing is reported. */
        IGNORED
    }

    private static final VarHandle BYTES_READ;
    private static final VarHandle BYTES_WRITTEN;
    private static final VarHandle CLOSED;
    private static final VarHandle EOF_SEEN;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            BYTES_READ = l.findVarHandle(ConnectionState.class, "bytesRead", long.class);
            BYTES_WRITTEN = l.findVarHandle(ConnectionState.class, "bytesWritten", long.class);
            CLOSED = l.findVarHandle(ConnectionState.class, "closed", boolean.class);
            EOF_SEEN = l.findVarHandle(ConnectionState.class, "eofSeen", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Phase phase = Phase.UNCONNECTED;
    private volatile long id;
    private volatile long startNanos;
    private volatile SocketApi api = SocketApi.UNKNOWN;
    private volatile Endpoint local;
    private volatile Endpoint remote;
    private volatile SocketOptionsSnapshot options;
    /**
     * Where a Socket was connected or accepted: the stack a Cleaner close reports. Found among the known stacks right
     * away, so that an open connection holds a shared entry rather than a Throwable's recorded frames of its own
     * (about 700 bytes).
     */
    private volatile CapturedStack origin;
    /** Entry time and target of a non-blocking connect still pending. */
    private volatile long pendingConnectNanos;
    private volatile Object pendingRemote;
    private volatile String lastError;
    private volatile boolean outputShut;
    private volatile boolean inputShut;

    private volatile long bytesRead;
    private volatile long bytesWritten;
    private volatile boolean closed;
    private volatile boolean eofSeen;

    ConnectionState(SocketOptionsSnapshot options) {
        this.options = options;
    }

    /** A connect whose SYN is out and whose end is reported later (finishConnect, or a close abandoning it). */
    void connecting(Object remote, long epochNanos) {
        pendingConnectNanos = epochNanos;
        pendingRemote = remote;
    }

    /**
     * Connected or accepted under the agent's eyes at {@code startNanos}; {@code traced} false (the ports filter)
     * makes it IGNORED.
     */
    void establish(Endpoint local, Endpoint remote, SocketApi api, long startNanos, long id,
                   CapturedStack origin, boolean traced) {
        this.local = local;
        this.remote = remote;
        this.api = api;
        this.startNanos = startNanos;
        this.id = id;
        this.origin = origin;
        this.phase = traced ? Phase.CONNECTED : Phase.IGNORED;
    }

    /** Connected before the agent saw it (an attach): its start stays unknown (0), its options as read now. */
    void adopt(Endpoint local, Endpoint remote, SocketApi api, SocketOptionsSnapshot options, long id,
               boolean traced) {
        this.local = local;
        this.remote = remote;
        this.api = api;
        this.options = options;
        this.id = id;
        this.phase = traced ? Phase.CONNECTED : Phase.IGNORED;
    }

    /** The target of a connect still pending, which a close abandons now; null if none was pending. */
    Object abandonConnect() {
        Object r = pendingRemote;
        pendingRemote = null;
        return r;
    }

    /** True the first time the direction is shut on a connection being reported. */
    boolean shutdown(boolean output) {
        if (phase != Phase.CONNECTED) {
            return false;
        }
        boolean first = output ? !outputShut : !inputShut;
        if (output) {
            outputShut = true;
        } else {
            inputShut = true;
        }
        return first;
    }

    /** True when the connection is reported and this is the first close of it. */
    boolean close() {
        return phase == Phase.CONNECTED && CLOSED.compareAndSet(this, false, true);
    }

    /** True for the first end of stream of a connection being reported: legacy streams return -1 again. */
    boolean endOfStream() {
        return phase == Phase.CONNECTED && EOF_SEEN.compareAndSet(this, false, true);
    }

    /** True when {@code message} is new: a reset socket throws the same exception on every later call. */
    boolean error(String message) {
        if (phase != Phase.CONNECTED || message.equals(lastError)) {
            return false;
        }
        lastError = message;
        return true;
    }

    /** True when the options changed. */
    boolean options(SocketOptionsSnapshot after) {
        if (after.equals(options)) {
            return false;
        }
        options = after;
        return true;
    }

    boolean isReported() {
        return phase == Phase.CONNECTED;
    }

    boolean isUnconnected() {
        return phase == Phase.UNCONNECTED;
    }

    long id() {
        return id;
    }

    long startNanos() {
        return startNanos;
    }

    SocketApi api() {
        return api;
    }

    Endpoint local() {
        return local;
    }

    Endpoint remote() {
        return remote;
    }

    SocketOptionsSnapshot options() {
        return options;
    }

    CapturedStack origin() {
        return origin;
    }

    long pendingConnectNanos() {
        return pendingConnectNanos;
    }

    Object pendingRemote() {
        return pendingRemote;
    }

    void addRead(long n) {
        BYTES_READ.getAndAdd(this, n);
    }

    void addWritten(long n) {
        BYTES_WRITTEN.getAndAdd(this, n);
    }

    long bytesRead() {
        return bytesRead;
    }

    long bytesWritten() {
        return bytesWritten;
    }
}
