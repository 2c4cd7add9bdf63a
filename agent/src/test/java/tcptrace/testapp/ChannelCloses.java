package tcptrace.testapp;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The ways a SocketChannel is closed: in blocking mode, in non-blocking mode while registered with a Selector
 * (shutdown, then the deferred close), by an interrupt, and (JDK 21+) while a virtual thread is blocked reading it. Prints one line
 * per close with the channel's local port.
 */
public final class ChannelCloses {
    public static void main(String[] args) throws Throwable {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            blocking(listener);
            registered(listener);
            interrupted(listener);
            if (Runtime.version().feature() >= 21) {
                virtualThreadReading(listener);
            }
        }
    }

    static void blocking(ServerSocketChannel listener) throws IOException {
        SocketChannel ch = SocketChannel.open(listener.getLocalAddress());
        try (SocketChannel served = listener.accept()) {
            int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            ch.close();
            System.out.println("blocking " + port + " " + served.read(ByteBuffer.allocate(8)));
        }
    }

    static void registered(ServerSocketChannel listener) throws IOException {
        SocketChannel ch = SocketChannel.open(listener.getLocalAddress());
        try (SocketChannel served = listener.accept(); Selector selector = Selector.open()) {
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            ch.close();
            selector.selectNow(); // flushes the cancelled key: the deferred close happens here
            System.out.println("registered " + port + " " + served.read(ByteBuffer.allocate(8)));
        }
    }

    /** A thread with its interrupt flag set starts a read: the JDK closes the channel on that thread. */
    static void interrupted(ServerSocketChannel listener) throws IOException {
        SocketChannel ch = SocketChannel.open(listener.getLocalAddress());
        try (SocketChannel served = listener.accept()) {
            int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            Thread.currentThread().interrupt();
            try {
                ch.read(ByteBuffer.allocate(8));
            } catch (ClosedByInterruptException expected) {
                Thread.interrupted();
            }
            System.out.println("interrupt " + port + " " + served.read(ByteBuffer.allocate(8)));
        }
    }

    static void virtualThreadReading(ServerSocketChannel listener) throws Throwable {
        SocketChannel ch = SocketChannel.open(listener.getLocalAddress());
        try (SocketChannel served = listener.accept()) {
            int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            Runnable reader = () -> {
                try {
                    ch.read(ByteBuffer.allocate(8));
                } catch (IOException expected) {
                    // AsynchronousCloseException: the close below
                }
            };
            Thread t = (Thread) MethodHandles.lookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class)).invokeExact(reader);
            while (t.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            ch.close();
            t.join();
            System.out.println("virtual " + port + " " + served.read(ByteBuffer.allocate(8)));
        }
    }
}
