package tcptrace.agent.connection;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketOptionsSnapshot;

/**
 * Reads what the agent needs from Netty's objects, defined by the application's loaders and so never linked: the
 * probes hand over its {@code unix.Socket} (one per connection, the key of its state; the io_uring transport's
 * {@code LinuxSocket} is one too), an epoll or io_uring channel, or an io_uring channel's unsafe (whose channel is
 * its enclosing instance). Their public methods are called through handles found once per class; a relocated Netty
 * ({@code io.grpc.netty.shaded.io.netty...}) is found by the suffix of its class names. The 4-tuple comes from
 * Netty's own objects: the channel's cached addresses, or the socket's getsockname/getpeername.
 */
final class NettySockets {
    private static final String SOCKET = "io.netty.channel.unix.Socket";
    private static final String EPOLL_CHANNEL = "io.netty.channel.epoll.AbstractEpollChannel";
    private static final String EPOLL_SERVER_CHANNEL = "io.netty.channel.epoll.EpollServerSocketChannel";
    private static final String RING_SOCKET = "io.netty.channel.uring.LinuxSocket";
    private static final String RING_CHANNEL = "io.netty.channel.uring.AbstractIoUringChannel";
    private static final String RING_SERVER_CHANNEL = "io.netty.channel.uring.AbstractIoUringServerChannel";
    private static final String RING_UNSAFE = "io.netty.channel.uring.AbstractIoUringChannel$AbstractUringUnsafe";

    /**
     * How to read one Netty class; {@link #NONE} for a class that is neither a socket nor a channel. An io_uring
     * unsafe has its channel ({@code outer}); an io_uring channel says whether its close has begun
     * ({@code closeBegun}, its {@code delayedClose}): from then on, it is no connection to adopt.
     */
    private record Access(boolean channel, boolean ring, MethodHandle socket, MethodHandle remote, MethodHandle local,
                          MethodHandle isOpen, MethodHandle keepAlive, MethodHandle linger, MethodHandle outer,
                          MethodHandle closeBegun) {
    }

    private static final Access NONE = new Access(false, false, null, null, null, null, null, null, null, null);

    private static final ClassValue<Access> ACCESS = new ClassValue<>() {
        @Override
        protected Access computeValue(Class<?> type) {
            try {
                return accessOf(type);
            } catch (ReflectiveOperationException | RuntimeException unexpected) {
                return NONE;
            }
        }
    };

    private NettySockets() {
    }

    /** The Netty socket that identifies the connection of {@code o} (a socket or an epoll channel), or null. */
    static Object key(Object o) {
        Access a = ACCESS.get(o.getClass());
        if (a == NONE) {
            return null;
        }
        try {
            if (a.outer != null) {
                Object channel = (Object) a.outer.invokeExact(o);
                return channel == null ? null : key(channel);
            }
            return a.channel ? (Object) a.socket.invokeExact(o) : o;
        } catch (Throwable e) {
            return null;
        }
    }

    /** Whether {@code o} is the {@code LinuxSocket} of Netty's io_uring transport (not a channel of it). */
    static boolean isRingSocket(Object o) {
        Access a = ACCESS.get(o.getClass());
        return a.ring && !a.channel && a.outer == null && a != NONE;
    }

    static boolean isNetty(Object o) {
        return ACCESS.get(o.getClass()) != NONE;
    }

    /**
     * Whether {@code o} is an open, connected TCP socket: the descriptor's own state first, since once it is closed
     * its number may already belong to another socket.
     */
    static boolean isConnected(Object o) {
        Access self = ACCESS.get(o.getClass());
        try {
            Object channel = self.outer != null ? (Object) self.outer.invokeExact(o) : o;
            Access c = channel == null ? NONE : ACCESS.get(channel.getClass());
            if (c.closeBegun != null && (Object) c.closeBegun.invokeExact(channel) != null) {
                return false; // closed by the application already, the descriptor not yet
            }
        } catch (Throwable e) {
            return false;
        }
        Object socket = key(o);
        if (socket == null) {
            return false;
        }
        Access a = ACCESS.get(socket.getClass());
        try {
            return (boolean) a.isOpen.invokeExact(socket) && a.remote.invokeExact(socket) instanceof InetSocketAddress;
        } catch (Throwable e) {
            return false;
        }
    }

    static InetSocketAddress remote(Object o) {
        return address(o, true);
    }

    static InetSocketAddress local(Object o) {
        return address(o, false);
    }

    private static InetSocketAddress address(Object o, boolean remote) {
        Access a = ACCESS.get(o.getClass());
        if (a.outer != null) {
            // the channel caches its addresses only once the connect's promise is fulfilled, after its probe: the
            // socket's getsockname/getpeername before
            try {
                Object channel = (Object) a.outer.invokeExact(o);
                InetSocketAddress cached = channel == null ? null : address(channel, remote);
                Object socket = cached == null ? key(o) : null;
                return cached != null || socket == null ? cached : address(socket, remote);
            } catch (Throwable e) {
                return null;
            }
        }
        if (a == NONE) {
            return null;
        }
        try {
            Object address = remote ? (Object) a.remote.invokeExact(o) : (Object) a.local.invokeExact(o);
            return address instanceof InetSocketAddress isa ? isa : null;
        } catch (Throwable e) {
            return null;
        }
    }

    /** SO_KEEPALIVE and SO_LINGER as the kernel has them, for a connection the agent did not see being set up. */
    static SocketOptionsSnapshot currentOptions(Object o, SocketOptionsSnapshot known) {
        Object socket = key(o);
        if (socket == null) {
            return known;
        }
        Access a = ACCESS.get(socket.getClass());
        try {
            return known.withKeepAlive((boolean) a.keepAlive.invokeExact(socket))
                    .withLinger((int) a.linger.invokeExact(socket));
        } catch (Throwable e) {
            return known;
        }
    }

    /**
     * A connection from a server channel's child is accepted; one from a socket's connect is a client's; the
     * transport is the one of {@code o}'s class.
     */
    static SocketApi api(Object o, boolean accepted) {
        if (ACCESS.get(o.getClass()).ring) {
            return accepted ? SocketApi.NETTY_IO_URING_SERVER : SocketApi.NETTY_IO_URING;
        }
        return accepted ? SocketApi.NETTY_EPOLL_SERVER : SocketApi.NETTY_EPOLL;
    }

    private static Access accessOf(Class<?> type) throws ReflectiveOperationException {
        Class<?> socket = ancestor(type, SOCKET);
        if (socket != null) {
            return new Access(false, ancestor(type, RING_SOCKET) != null, null,
                    handle(socket, "remoteAddress", Object.class), handle(socket, "localAddress", Object.class),
                    handle(socket, "isOpen", boolean.class), handle(socket, "isKeepAlive", boolean.class),
                    handle(socket, "getSoLinger", int.class), null, null);
        }
        Class<?> unsafe = ancestor(type, RING_UNSAFE);
        if (unsafe != null) {
            // an inner class: its channel is the enclosing instance, which Netty's code reaches through this$0
            return new Access(false, true, null, null, null, null, null, null, field(unsafe, "this$0"), null);
        }
        Class<?> epoll = ancestor(type, EPOLL_CHANNEL);
        Class<?> ring = ancestor(type, RING_CHANNEL);
        if ((epoll != null && ancestor(type, EPOLL_SERVER_CHANNEL) == null)
                || (ring != null && ancestor(type, RING_SERVER_CHANNEL) == null)) {
            // Netty's channel classes above the concrete one are not public: their methods are found through it
            Class<?> visible = publicAncestor(type);
            return new Access(true, ring != null, handle(visible, "fd", Object.class),
                    handle(visible, "remoteAddress", Object.class), handle(visible, "localAddress", Object.class),
                    null, null, null, null, ring == null ? null : optionalField(ring, "delayedClose"));
        }
        return NONE;
    }

    /** As {@link #field}, or null where this version of Netty lacks it: then that check is skipped. */
    private static MethodHandle optionalField(Class<?> owner, String name) throws ReflectiveOperationException {
        try {
            return field(owner, name);
        } catch (NoSuchFieldException absent) {
            return null;
        }
    }

    /** A private field of a Netty class (an unnamed module's, open to reflection), as (Object) -> Object. */
    private static MethodHandle field(Class<?> owner, String name) throws ReflectiveOperationException {
        Field f = owner.getDeclaredField(name);
        f.setAccessible(true);
        return MethodHandles.lookup().unreflectGetter(f).asType(MethodType.methodType(Object.class, Object.class));
    }

    /** The class or superclass of {@code type} named {@code name}, maybe relocated; null if there is none. */
    private static Class<?> ancestor(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            String n = c.getName();
            if (n.endsWith(name) && (n.length() == name.length() || n.charAt(n.length() - name.length() - 1) == '.')) {
                return c;
            }
        }
        return null;
    }

    private static Class<?> publicAncestor(Class<?> type) throws ClassNotFoundException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (Modifier.isPublic(c.getModifiers())) {
                return c;
            }
        }
        throw new ClassNotFoundException("no public class above " + type.getName());
    }

    /** A public no-argument method of the public class {@code owner} or inherited by it, as (Object) -> returns. */
    private static MethodHandle handle(Class<?> owner, String name, Class<?> returns)
            throws ReflectiveOperationException {
        Method m = owner.getMethod(name);
        return MethodHandles.publicLookup().findVirtual(owner, name, MethodType.methodType(m.getReturnType()))
                .asType(MethodType.methodType(returns, Object.class));
    }
}
