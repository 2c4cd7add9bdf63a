package tcptrace.agent.connection;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketOptionsSnapshot;

/**
 * Reads what the agent needs from Netty's objects, defined by the application's loaders and so never linked: the
 * probes hand over its {@code unix.Socket} (one per connection, the key of its state) or, for an accept, the new
 * epoll channel. Their public methods are called through handles found once per class; a relocated Netty
 * ({@code io.grpc.netty.shaded.io.netty...}) is found by the suffix of its class names. The 4-tuple comes from
 * Netty's own objects: the channel's cached addresses, or the socket's getsockname/getpeername.
 */
final class NettySockets {
    private static final String SOCKET = "io.netty.channel.unix.Socket";
    private static final String EPOLL_CHANNEL = "io.netty.channel.epoll.AbstractEpollChannel";
    private static final String EPOLL_SERVER_CHANNEL = "io.netty.channel.epoll.EpollServerSocketChannel";

    /** How to read one Netty class; {@link #NONE} for a class that is neither a socket nor an epoll channel. */
    private record Access(boolean channel, MethodHandle socket, MethodHandle remote, MethodHandle local,
                          MethodHandle isOpen, MethodHandle keepAlive, MethodHandle linger) {
    }

    private static final Access NONE = new Access(false, null, null, null, null, null, null);

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
            return a.channel ? (Object) a.socket.invokeExact(o) : o;
        } catch (Throwable e) {
            return null;
        }
    }

    static boolean isNetty(Object o) {
        return ACCESS.get(o.getClass()) != NONE;
    }

    /**
     * Whether {@code o} is an open, connected TCP socket: the descriptor's own state first, since once it is closed
     * its number may already belong to another socket.
     */
    static boolean isConnected(Object o) {
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

    /** A connection from a server channel's child is accepted; one from a socket's connect is a client's. */
    static SocketApi api(boolean accepted) {
        return accepted ? SocketApi.NETTY_EPOLL_SERVER : SocketApi.NETTY_EPOLL;
    }

    private static Access accessOf(Class<?> type) throws ReflectiveOperationException {
        Class<?> socket = ancestor(type, SOCKET);
        if (socket != null) {
            return new Access(false, null, handle(socket, "remoteAddress", Object.class),
                    handle(socket, "localAddress", Object.class), handle(socket, "isOpen", boolean.class),
                    handle(socket, "isKeepAlive", boolean.class), handle(socket, "getSoLinger", int.class));
        }
        Class<?> channel = ancestor(type, EPOLL_CHANNEL);
        if (channel != null && ancestor(type, EPOLL_SERVER_CHANNEL) == null) {
            // Netty's channel classes above the concrete one are not public: their methods are found through it
            Class<?> visible = publicAncestor(type);
            return new Access(true, handle(visible, "fd", Object.class), handle(visible, "remoteAddress", Object.class),
                    handle(visible, "localAddress", Object.class), null, null, null);
        }
        return NONE;
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
