package tcptrace.agent.connection;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketOptionsSnapshot;

/**
 * What the agent remembers about one socket, from the first option set or connect until it is closed. The JDK
 * forgets the 4-tuple once the socket is closed; this keeps it. Held by {@link ConnectionRegistry} under the
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

    volatile Phase phase = Phase.UNCONNECTED;
    volatile long id;
    volatile long startNanos;
    volatile SocketApi api = SocketApi.UNKNOWN;
    volatile Endpoint local;
    volatile Endpoint remote;
    volatile SocketOptionsSnapshot options;
    /**
     * Where a Socket was connected or accepted: the stack a Cleaner close reports. Found among the known stacks right
     * away, so that an open connection holds a shared entry rather than a Throwable's recorded frames of its own
     * (about 700 bytes).
     */
    volatile KnownStacks.Stack origin;
    /** Entry time and target of a non-blocking connect still pending. */
    volatile long pendingConnectNanos;
    volatile Object pendingRemote;
    volatile String lastError;
    volatile boolean outputShut;
    volatile boolean inputShut;

    private volatile long bytesRead;
    private volatile long bytesWritten;
    private volatile boolean closed;
    private volatile boolean eofSeen;

    ConnectionState(SocketOptionsSnapshot options) {
        this.options = options;
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

    /** True exactly once: the first caller reports the close. */
    boolean markClosed() {
        return CLOSED.compareAndSet(this, false, true);
    }

    /** True exactly once: legacy streams return -1 again on every later read. */
    boolean markEof() {
        return EOF_SEEN.compareAndSet(this, false, true);
    }
}
