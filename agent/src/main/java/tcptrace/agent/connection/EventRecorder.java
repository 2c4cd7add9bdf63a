package tcptrace.agent.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import tcptrace.agent.WallClock;
import tcptrace.agent.bootstrap.SocketEventSink;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.agent.event.SocketOptionsSnapshot;
import tcptrace.agent.sink.EventSink;
import tcptrace.agent.stack.CapturedStack;
import tcptrace.agent.stack.StackCapture;

/**
 * Turns what the probes see into {@link SocketEvent}s: keeps per-connection state (4-tuple, counters, options),
 * decides what is worth an event, and hands events to the sinks. A failing sink is skipped, never propagated.
 */
public final class EventRecorder implements SocketEventSink {

    private final ConnectionRegistry registry;
    private final StackCapture stacks;
    private final PortFilter ports;
    private final List<EventSink> sinks;
    private final LocalAddressHandoff localAddresses = new LocalAddressHandoff();
    private final ConnectFailureHandoff connectFailures = new ConnectFailureHandoff();

    /** A recorder that keeps {@code stackDepth} frames at every event that carries a stack. */
    public EventRecorder(int stackDepth, PortFilter ports, List<EventSink> sinks, int capacity) {
        this(new StackCapture(stackDepth, true), ports, sinks, capacity);
    }

    public EventRecorder(StackCapture stacks, PortFilter ports, List<EventSink> sinks, int capacity) {
        this.registry = new ConnectionRegistry(capacity);
        this.stacks = stacks;
        this.ports = ports;
        this.sinks = List.copyOf(sinks);
    }

    /**
     * Checks that the JDK's socket classes have the fields the recorder reads, loading those classes if need be;
     * java.base's packages must be open to the agent by then.
     */
    public static void requireSupportedJdk() {
        // checked here, off the application's threads, rather than on its first close
        StackCapture.check();
        try {
            JdkSockets.requireSupported();
        } catch (ExceptionInInitializerError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("unsupported JDK " + Runtime.version() + ": " + cause.getMessage(), e);
        }
    }

    @Override
    public void connected(Object self, Object remote, long epochNanos, boolean connected, Throwable thrown) {
        Object fd = Sockets.key(self);
        if (thrown != null) {
            ConnectionState s = registry.get(fd);
            if (s != null && !s.isUnconnected()) {
                return; // e.g. AlreadyConnectedException: the connection stands
            }
            registry.forget(fd);
            connectFailed(self, s, remote, epochNanos, message(thrown));
            return;
        }
        ConnectionState s = registry.getOrCreate(fd, SocketOptionsSnapshot.DEFAULTS);
        if (s == null) {
            return;
        }
        if (connected) {
            establish(self, fd, s, EventKind.CONNECT, epochNanos);
        } else {
            s.connecting(remote, epochNanos);
        }
    }

    @Override
    public void connectFailing(Object remote, Throwable thrown) {
        connectFailures.offer(remote, message(thrown));
    }

    @Override
    public void connectFinished(Object self, boolean done, Throwable thrown) {
        Object fd = Sockets.key(self);
        ConnectionState s = registry.get(fd);
        if (thrown != null) {
            registry.forget(fd);
            if (s != null && s.isUnconnected()) {
                connectFailed(self, s, s.pendingRemote(), s.pendingConnectNanos(), message(thrown));
            }
        } else if (done && s != null && s.isUnconnected()) {
            establish(self, fd, s, EventKind.CONNECT, s.pendingConnectNanos());
        }
    }

    @Override
    public void accepted(Object accepted) {
        // stamped on return: the connection exists only once accept returns, and the call may have waited long
        long now = WallClock.now();
        Object fd = Sockets.key(accepted);
        ConnectionState s = registry.getOrCreate(fd, SocketOptionsSnapshot.DEFAULTS);
        if (s != null) {
            establish(accepted, fd, s, EventKind.ACCEPT, now);
        }
    }

    @Override
    public void read(Object self, long n, Throwable thrown) {
        Object fd = Sockets.key(self);
        ConnectionState s = registry.get(fd);
        if (n > 0 && thrown == null) {
            if (s != null) {
                s.addRead(n);
            }
            return;
        }
        if (n < 0 && thrown == null) {
            s = known(self, fd, s);
            if (s != null && s.endOfStream()) {
                emit(s, EventKind.EOF, WallClock.now(), CloseActor.NONE, null, CapturedStack.EMPTY);
            }
        } else if (thrown != null) {
            error(self, fd, s, thrown);
        }
    }

    @Override
    public void written(Object self, long n, Throwable thrown) {
        Object fd = Sockets.key(self);
        ConnectionState s = registry.get(fd);
        if (thrown == null) {
            if (s != null) {
                s.addWritten(n);
            }
        } else {
            error(self, fd, s, thrown);
        }
    }

    @Override
    public void ringFailed(Object self, int negativeErrno) {
        Object fd = Sockets.key(self);
        error(self, fd, registry.get(fd), RingErrors.writeFailed(negativeErrno));
    }

    @Override
    public void closing(Object self, long epochNanos) {
        if (Sockets.closedByItsChannel(self)) {
            return; // the channel's close reported it, just before
        }
        Object fd = Sockets.key(self);
        ConnectionState s = known(self, fd, registry.get(fd));
        if (s == null || s.isUnconnected()) {
            Object pendingRemote = s == null ? null : s.abandonConnect();
            if (pendingRemote != null) {
                // a non-blocking connect abandoned: its SYN went out, and no finishConnect will ever report it;
                // an asynchronous channel closes itself so when its connect failed, the JDK's message says why
                registry.forget(fd);
                String failure = connectFailures.take(pendingRemote);
                connectFailed(self, s, pendingRemote, epochNanos,
                        failure == null ? "closed while connecting" : failure);
            }
            return; // never connected: the dispatcher's close forgets it; a failed connect still reads its options
        }
        registry.forget(fd);
        if (s.close()) {
            // only an interruptible channel can be closed by an interrupt
            boolean channel = JdkSockets.isChannel(self);
            CapturedStack stack = stacks.closing(channel);
            CloseActor actor = channel && stack.closedByInterrupt() ? CloseActor.INTERRUPT : CloseActor.APP;
            emit(s, EventKind.CLOSE, epochNanos, actor, null, stack);
        }
    }

    @Override
    public void descriptorClosing(Object fd) {
        ConnectionState s = registry.get(fd);
        if (s == null) {
            return; // not a socket we know, or its close() was reported already
        }
        registry.forget(fd);
        if (s.close()) {
            // no close() ran for this descriptor: the Cleaner closes an unreachable Socket
            emit(s, EventKind.CLOSE, WallClock.now(), CloseActor.CLEANER, null, s.origin());
        }
    }

    @Override
    public void shutdown(Object self, boolean output, long epochNanos) {
        Object fd = Sockets.key(self);
        ConnectionState s = known(self, fd, registry.get(fd));
        if (s != null && s.shutdown(output)) {
            emit(s, output ? EventKind.SHUTDOWN_OUTPUT : EventKind.SHUTDOWN_INPUT, epochNanos, CloseActor.NONE,
                    null, stacks.here());
        }
    }

    @Override
    public void localAddressRead(Object fd, Object address) {
        localAddresses.offer(fd, address);
    }

    @Override
    public void optionSet(Object self, Object option, Object value) {
        Object fd = Sockets.key(self);
        ConnectionState s = registry.getOrCreate(fd, Sockets.isConnected(self) && registry.get(fd) == null
                ? SocketOptionsSnapshot.UNKNOWN : SocketOptionsSnapshot.DEFAULTS);
        if (s == null) {
            return;
        }
        if (!s.options(SocketOptionChange.apply(s.options(), option, value))) {
            return;
        }
        if (s.isUnconnected() && Sockets.isConnected(self)) {
            adopt(self, s);
        }
        if (s.isReported()) {
            emit(s, EventKind.OPTIONS, WallClock.now(), CloseActor.NONE, null, CapturedStack.EMPTY);
        }
    }

    /** Sockets remembered now, for tests and diagnostics. */
    public int tracked() {
        return registry.size();
    }

    private void establish(Object socket, Object fd, ConnectionState s, EventKind kind, long epochNanos) {
        InetSocketAddress remote = Sockets.remote(socket);
        InetSocketAddress local = socket instanceof SocketImpl ? localAddresses.take(fd) : null;
        if (local == null) {
            local = Sockets.local(socket);
        }
        if (remote == null || remote.getAddress() == null) {
            registry.forget(fd); // a Unix domain socket: no TCP connection
            return;
        }
        boolean traced = ports.traces(local == null ? -1 : local.getPort(), remote.getPort());
        // only a Socket has a Cleaner that may close it later
        CapturedStack origin = traced && socket instanceof SocketImpl ? stacks.opening() : null;
        s.establish(endpoint(local), endpoint(remote), Sockets.api(socket, kind == EventKind.ACCEPT), epochNanos,
                registry.nextId(), origin, traced);
        if (traced) {
            emit(s, kind, epochNanos, CloseActor.NONE, null, CapturedStack.EMPTY);
        }
    }

    /**
     * The state of a socket the probes did not see connect (it was opened before the agent was attached): its
     * 4-tuple is read from the JDK object while it is still open, its start time stays 0 (unknown).
     */
    private ConnectionState known(Object self, Object fd, ConnectionState s) {
        if (s != null && !s.isUnconnected()) {
            return s;
        }
        if (!Sockets.isConnected(self)) {
            return s;
        }
        ConnectionState adopted = s != null ? s : registry.getOrCreate(fd, SocketOptionsSnapshot.UNKNOWN);
        if (adopted == null) {
            adopted = new ConnectionState(SocketOptionsSnapshot.UNKNOWN); // registry full: report this event only
        }
        adopt(self, adopted);
        return adopted;
    }

    private void adopt(Object self, ConnectionState s) {
        InetSocketAddress remote = Sockets.remote(self);
        InetSocketAddress local = Sockets.local(self);
        if (remote == null || remote.getAddress() == null) {
            return;
        }
        s.adopt(endpoint(local), endpoint(remote), Sockets.api(self, false),
                Sockets.currentOptions(self, s.options()), registry.nextId(),
                ports.traces(local == null ? -1 : local.getPort(), remote.getPort()));
    }

    private static Endpoint endpoint(InetSocketAddress a) {
        return a == null || a.getAddress() == null ? null : Endpoint.of(a.getAddress(), a.getPort()).canonical();
    }

    private void error(Object self, Object fd, ConnectionState s, Throwable thrown) {
        if (!isConnectionError(thrown)) {
            return;
        }
        s = known(self, fd, s);
        String message = message(thrown);
        if (s == null || !s.error(message)) {
            return;
        }
        emit(s, EventKind.ERROR, WallClock.now(), CloseActor.NONE, message, stacks.here());
    }

    private void connectFailed(Object self, ConnectionState s, Object remote, long epochNanos, String message) {
        Endpoint to = remote instanceof InetSocketAddress isa && isa.getAddress() != null
                ? Endpoint.of(isa.getAddress(), isa.getPort()).canonical() : null;
        int remotePort = remote instanceof InetSocketAddress isa ? isa.getPort() : -1;
        if (!ports.traces(-1, remotePort)) {
            return;
        }
        SocketOptionsSnapshot options = s == null ? SocketOptionsSnapshot.DEFAULTS : s.options();
        SocketApi api = Sockets.api(self, false);
        Thread t = Thread.currentThread();
        publish(new SocketEvent(EventKind.CONNECT_FAILED, epochNanos, 0, epochNanos, api, null, to, t.getId(),
                t.getName(), Threads.isVirtual(t), CloseActor.NONE, 0, 0, options, message, CapturedStack.EMPTY));
    }

    private void emit(ConnectionState s, EventKind kind, long epochNanos, CloseActor actor, String message,
                      CapturedStack stack) {
        Thread t = Thread.currentThread();
        publish(new SocketEvent(kind, epochNanos, s.id(), s.startNanos(), s.api(), s.local(), s.remote(), t.getId(),
                t.getName(), Threads.isVirtual(t), actor, s.bytesRead(), s.bytesWritten(), s.options(), message,
                stack));
    }

    private void publish(SocketEvent e) {
        for (EventSink sink : sinks) {
            try {
                sink.accept(e);
            } catch (Throwable ignored) {
                // one broken sink must not cost the others their events, nor the application anything
            }
        }
    }

    /**
     * Evidence about the connection: resets, broken pipes, timeouts of the kernel. Not: SO_TIMEOUT read timeouts
     * (the application may retry), interrupts, nor the "closed" exceptions a close by another thread causes.
     */
    static boolean isConnectionError(Throwable t) {
        if (!(t instanceof IOException) || t instanceof InterruptedIOException
                || t instanceof ClosedChannelException) {
            return false;
        }
        String m = t.getMessage();
        return !(t instanceof SocketException && m != null
                && (m.equals("Socket closed") || m.equals("Closed by interrupt") || m.equals("Socket is closed")));
    }

    static String message(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getName() : m;
    }
}
