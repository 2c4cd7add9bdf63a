package tcptrace.agent.connection;

import java.net.InetSocketAddress;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketOptionsSnapshot;

/**
 * What the recorder reads from a socket object of any stack, the JDK's ({@link JdkSockets}) or Netty's
 * ({@link NettySockets}). The JDK's objects are tested first, so its hot paths cost what they did.
 */
final class Sockets {
    private Sockets() {
    }

    /** The object that identifies the connection (a FileDescriptor, or Netty's socket), or null if none. */
    static Object key(Object socket) {
        Object fd = JdkSockets.fd(socket);
        return fd != null ? fd : NettySockets.key(socket);
    }

    /**
     * Whether a close of {@code socket} itself is one its channel has reported already: an io_uring socket's, which
     * only a channel that was never registered with its ring closes by a call of its own.
     */
    static boolean closedByItsChannel(Object socket) {
        return !JdkSockets.isJdk(socket) && NettySockets.isRingSocket(socket);
    }

    static boolean isConnected(Object socket) {
        return JdkSockets.isJdk(socket) ? JdkSockets.isConnected(socket) : NettySockets.isConnected(socket);
    }

    static InetSocketAddress remote(Object socket) {
        return JdkSockets.isJdk(socket) ? JdkSockets.remote(socket) : NettySockets.remote(socket);
    }

    static InetSocketAddress local(Object socket) {
        return JdkSockets.isJdk(socket) ? JdkSockets.local(socket) : NettySockets.local(socket);
    }

    static SocketOptionsSnapshot currentOptions(Object socket, SocketOptionsSnapshot known) {
        return JdkSockets.isJdk(socket) ? JdkSockets.currentOptions(socket, known)
                : NettySockets.currentOptions(socket, known);
    }

    /** The API of a connection made through {@code socket}: {@code accepted} from a listener, or connected. */
    static SocketApi api(Object socket, boolean accepted) {
        if (!JdkSockets.isJdk(socket)) {
            return NettySockets.isNetty(socket) ? NettySockets.api(socket, accepted) : SocketApi.UNKNOWN;
        }
        if (JdkSockets.isAsync(socket)) {
            return accepted ? SocketApi.ASYNC_SERVER_SOCKET_CHANNEL : SocketApi.ASYNC_SOCKET_CHANNEL;
        }
        boolean channel = JdkSockets.isChannel(socket);
        if (accepted) {
            return channel ? SocketApi.SERVER_SOCKET_CHANNEL : SocketApi.SERVER_SOCKET;
        }
        return channel ? SocketApi.SOCKET_CHANNEL : SocketApi.SOCKET;
    }
}
