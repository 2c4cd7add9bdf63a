package tcptrace.agent.connection;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import tcptrace.agent.event.SocketOptionsSnapshot;

/**
 * Reads what the agent needs from the JDK's socket objects: their FileDescriptor, whether they are connected, and
 * their endpoints (also for a connection opened before the agent was attached). Needs java.base's
 * {@code sun.nio.ch} and {@code java.net} opened to the agent, which the agent does at start-up; all the same on
 * JDK 17 and 25.
 */
final class JdkSockets {
    /** {@code NioSocketImpl.ST_CONNECTED}, the same on 17 and 25. */
    private static final int IMPL_CONNECTED = 3;

    private static final Class<?> NIO_SOCKET_IMPL = load("sun.nio.ch.NioSocketImpl");
    private static final Class<?> SOCKET_CHANNEL_IMPL = load("sun.nio.ch.SocketChannelImpl");
    private static final Class<?> ASYNC_CHANNEL_IMPL = load("sun.nio.ch.AsynchronousSocketChannelImpl");
    /** {@code AsynchronousSocketChannelImpl.ST_CONNECTED}, the same on 17 and 25. */
    private static final int ASYNC_CONNECTED = 2;
    private static final MethodHandle ASYNC_FD = getter(ASYNC_CHANNEL_IMPL, "fd", FileDescriptor.class);
    private static final MethodHandle ASYNC_STATE = getter(ASYNC_CHANNEL_IMPL, "state", int.class);
    private static final MethodHandle ASYNC_LOCAL = getter(ASYNC_CHANNEL_IMPL, "localAddress", InetSocketAddress.class);
    private static final MethodHandle ASYNC_REMOTE =
            getter(ASYNC_CHANNEL_IMPL, "remoteAddress", InetSocketAddress.class);
    private static final MethodHandle IMPL_FD = getter(SocketImpl.class, "fd", FileDescriptor.class);
    private static final MethodHandle IMPL_ADDRESS = getter(SocketImpl.class, "address", InetAddress.class);
    private static final MethodHandle IMPL_PORT = getter(SocketImpl.class, "port", int.class);
    private static final MethodHandle IMPL_STATE = getter(NIO_SOCKET_IMPL, "state", int.class);
    private static final MethodHandle CHANNEL_FD = getter(SOCKET_CHANNEL_IMPL, "fd", FileDescriptor.class);
    private static final MethodHandle CHANNEL_LOCAL = getter(SOCKET_CHANNEL_IMPL, "localAddress", SocketAddress.class);
    private static final MethodHandle CHANNEL_REMOTE =
            getter(SOCKET_CHANNEL_IMPL, "remoteAddress", SocketAddress.class);
    private static final MethodHandle IMPL_TIMEOUT = getter(NIO_SOCKET_IMPL, "timeout", int.class);
    private static final MethodHandle NET_LOCAL_ADDRESS = netLocalAddress();
    private static final MethodHandle NET_GET_OPTION = netGetOption();

    private JdkSockets() {
    }

    /** Fails unless every field and method this class reads exists in the running JDK (and is open to it). */
    static void requireSupported() {
        // the static initializer above has resolved them all by now
    }

    /**
     * The FileDescriptor object that identifies the socket, or null for an object that is no TCP socket. An
     * asynchronous channel's reads and writes are reported with its descriptor itself.
     */
    static Object fd(Object socket) {
        try {
            if (socket instanceof SocketImpl) {
                return (Object) IMPL_FD.invokeExact(socket);
            }
            if (SOCKET_CHANNEL_IMPL.isInstance(socket)) {
                return (Object) CHANNEL_FD.invokeExact(socket);
            }
            if (socket instanceof FileDescriptor) {
                return socket;
            }
            if (ASYNC_CHANNEL_IMPL.isInstance(socket)) {
                return (Object) ASYNC_FD.invokeExact(socket);
            }
            return null;
        } catch (Throwable e) {
            return null;
        }
    }

    /** Whether {@code socket} is one of the JDK's socket objects this class reads. */
    static boolean isJdk(Object socket) {
        return socket instanceof SocketImpl || SOCKET_CHANNEL_IMPL.isInstance(socket)
                || socket instanceof FileDescriptor || ASYNC_CHANNEL_IMPL.isInstance(socket);
    }

    static boolean isAsync(Object socket) {
        return ASYNC_CHANNEL_IMPL.isInstance(socket);
    }

    static boolean isChannel(Object socket) {
        return SOCKET_CHANNEL_IMPL.isInstance(socket);
    }

    /** Whether the JDK holds {@code socket} for a connected TCP socket (before its close completes). */
    static boolean isConnected(Object socket) {
        try {
            if (NIO_SOCKET_IMPL.isInstance(socket)) {
                return (int) IMPL_STATE.invokeExact(socket) == IMPL_CONNECTED;
            }
            if (socket instanceof SocketChannel ch) {
                return ch.isConnected() && CHANNEL_REMOTE.invokeExact(socket) instanceof InetSocketAddress;
            }
            if (ASYNC_CHANNEL_IMPL.isInstance(socket)) {
                // its close has marked it closed before implClose runs: the state is what says connected
                return (int) ASYNC_STATE.invokeExact(socket) == ASYNC_CONNECTED
                        && ASYNC_REMOTE.invokeExact(socket) != null;
            }
            return false;
        } catch (Throwable e) {
            return false;
        }
    }

    /** The remote endpoint of a connected socket, or null. */
    static InetSocketAddress remote(Object socket) {
        try {
            if (socket instanceof SocketImpl) {
                InetAddress a = (InetAddress) (Object) IMPL_ADDRESS.invokeExact(socket);
                return a == null ? null : new InetSocketAddress(a, (int) IMPL_PORT.invokeExact(socket));
            }
            if (SOCKET_CHANNEL_IMPL.isInstance(socket)) {
                return CHANNEL_REMOTE.invokeExact(socket) instanceof InetSocketAddress isa ? isa : null;
            }
            if (ASYNC_CHANNEL_IMPL.isInstance(socket)) {
                return (InetSocketAddress) (Object) ASYNC_REMOTE.invokeExact(socket);
            }
            return null;
        } catch (Throwable e) {
            return null;
        }
    }

    /**
     * The local endpoint of an open socket, or null; asks the kernel for a Socket's, so a connect or accept takes
     * the one the JDK read instead ({@link LocalAddressHandoff}).
     */
    static InetSocketAddress local(Object socket) {
        try {
            if (socket instanceof SocketImpl) {
                Object fd = IMPL_FD.invokeExact(socket);
                return (InetSocketAddress) NET_LOCAL_ADDRESS.invokeExact(fd);
            }
            if (SOCKET_CHANNEL_IMPL.isInstance(socket)) {
                return CHANNEL_LOCAL.invokeExact(socket) instanceof InetSocketAddress isa ? isa : null;
            }
            if (ASYNC_CHANNEL_IMPL.isInstance(socket)) {
                return (InetSocketAddress) (Object) ASYNC_LOCAL.invokeExact(socket);
            }
            return null;
        } catch (Throwable e) {
            return null;
        }
    }

    /**
     * The options of an open socket that the agent did not see being set (it was attached later): SO_KEEPALIVE
     * and SO_LINGER as the kernel has them, SO_TIMEOUT as the Socket has it; the rest of {@code known} stays.
     */
    static SocketOptionsSnapshot currentOptions(Object socket, SocketOptionsSnapshot known) {
        SocketOptionsSnapshot s = known;
        try {
            Object fd = fd(socket);
            if (fd == null) {
                return s;
            }
            Object keepAlive = NET_GET_OPTION.invokeExact(fd, (Object) StandardSocketOptions.SO_KEEPALIVE);
            Object linger = NET_GET_OPTION.invokeExact(fd, (Object) StandardSocketOptions.SO_LINGER);
            s = s.withKeepAlive((Boolean) keepAlive).withLinger((Integer) linger);
            if (NIO_SOCKET_IMPL.isInstance(socket)) {
                s = s.withSoTimeout((int) IMPL_TIMEOUT.invokeExact(socket));
            }
            return s;
        } catch (Throwable e) {
            return s;
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("this JDK has no " + name, e);
        }
    }

    private static MethodHandle getter(Class<?> owner, String field, Class<?> type) {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
            MethodHandle h = l.findGetter(owner, field, type);
            return h.asType(MethodType.methodType(type.isPrimitive() ? type : Object.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + owner.getName() + "." + field + ": " + e, e);
        }
    }

    private static MethodHandle netGetOption() {
        try {
            Class<?> net = load("sun.nio.ch.Net");
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(net, MethodHandles.lookup());
            return l.findStatic(net, "getSocketOption", MethodType.methodType(Object.class, FileDescriptor.class,
                    SocketOption.class)).asType(MethodType.methodType(Object.class, Object.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call sun.nio.ch.Net.getSocketOption: " + e, e);
        }
    }

    private static MethodHandle netLocalAddress() {
        try {
            Class<?> net = load("sun.nio.ch.Net");
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(net, MethodHandles.lookup());
            return l.findStatic(net, "localAddress", MethodType.methodType(InetSocketAddress.class,
                    FileDescriptor.class)).asType(MethodType.methodType(InetSocketAddress.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call sun.nio.ch.Net.localAddress: " + e, e);
        }
    }
}
