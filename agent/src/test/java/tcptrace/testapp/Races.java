package tcptrace.testapp;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * The close races real services run into, each {@code args[0]} times: a close from another thread while one is
 * blocked reading (Socket and SocketChannel, platform and - on 21+ - virtual threads), a close while a connect is in
 * progress, two threads closing at once, a close during a select, an interrupt of a thread blocked in channel I/O.
 * Half of the rounds close as soon as the other thread has started, half once it is seen blocked.
 *
 * <p>Prints one line per round, {@code <race> <local port> <remote port> <APP|INTERRUPT|CONNECT_FAILED>}: the
 * ports that name the connection in the journal (local port 0: it never connected) and the end the journal must
 * show for it. Any exception other than the one each race provokes ends the program non-zero.
 */
public final class Races {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Connections that fill a backlog of one (Linux queues backlog + 1). */
    public static final int BACKLOG_FILLERS = 2;

    private static ServerSocket listener;
    private static final List<Socket> served = new ArrayList<>();

    public static void main(String[] args) throws Throwable {
        int rounds = Integer.parseInt(args[0]);
        listener = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        boolean virtual = Runtime.version().feature() >= 21;
        for (int i = 0; i < rounds; i++) {
            boolean waitUntilBlocked = i % 2 == 0;
            socketCloseDuringRead(false, waitUntilBlocked);
            channelCloseDuringRead(false, waitUntilBlocked);
            if (virtual) {
                socketCloseDuringRead(true, waitUntilBlocked);
                channelCloseDuringRead(true, waitUntilBlocked);
                interruptDuringChannelRead(true);
            }
            socketCloseDuringConnect();
            channelCloseDuringConnect();
            concurrentDoubleClose(i % 2 == 0);
            closeDuringSelect(waitUntilBlocked);
            interruptDuringChannelRead(false);
        }
        for (Socket s : served) {
            s.close();
        }
        listener.close();
        System.out.println("done");
    }

    private static Socket connectSocket() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        served.add(listener.accept());
        return s;
    }

    private static SocketChannel connectChannel() throws IOException {
        SocketChannel ch = SocketChannel.open(listener.getLocalSocketAddress());
        served.add(listener.accept());
        return ch;
    }

    private static int port(SocketChannel ch) throws IOException {
        return ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }

    static void socketCloseDuringRead(boolean virtual, boolean waitUntilBlocked) throws Throwable {
        Socket s = connectSocket();
        InputStream in = s.getInputStream();
        Thread reader = start(virtual, () -> {
            try {
                in.read();
                throw new IllegalStateException("read returned although nothing was sent");
            } catch (SocketException expected) {
                // "Socket closed": the close below
            }
        });
        if (waitUntilBlocked) {
            awaitBlocked(reader);
        }
        s.close();
        join(reader);
        report(virtual ? "virtual-socket-read" : "socket-read", s.getLocalPort(), s.getPort(), "APP");
    }

    static void channelCloseDuringRead(boolean virtual, boolean waitUntilBlocked) throws Throwable {
        SocketChannel ch = connectChannel();
        int port = port(ch);
        Thread reader = start(virtual, () -> {
            try {
                ch.read(ByteBuffer.allocate(8));
                throw new IllegalStateException("read returned although nothing was sent");
            } catch (AsynchronousCloseException expected) {
                // the close below (a ClosedChannelException if it came first)
            } catch (ClosedChannelException closedFirst) {
                // the close ran before the read started
            }
        });
        if (waitUntilBlocked) {
            awaitBlocked(reader);
        }
        ch.close();
        join(reader);
        report(virtual ? "virtual-channel-read" : "channel-read", port, listener.getLocalPort(), "APP");
    }

    /** The thread's interrupt closes the channel: once blocked in read, or (not waiting) wherever it is. */
    static void interruptDuringChannelRead(boolean virtual) throws Throwable {
        SocketChannel ch = connectChannel();
        int port = port(ch);
        Thread reader = start(virtual, () -> {
            try {
                ch.read(ByteBuffer.allocate(8));
                throw new IllegalStateException("read returned although nothing was sent");
            } catch (ClosedByInterruptException expected) {
                // the interrupt below
            }
        });
        awaitBlocked(reader);
        reader.interrupt();
        join(reader);
        report(virtual ? "virtual-interrupt-read" : "interrupt-read", port, listener.getLocalPort(), "INTERRUPT");
    }

    /**
     * A listener that never accepts, its backlog full: the kernel drops further SYNs, so a connect to it stays in
     * progress until the close from another thread.
     */
    static void socketCloseDuringConnect() throws Throwable {
        try (FullBacklog full = FullBacklog.open()) {
            Socket s = new Socket();
            Thread connector = start(false, () -> {
                try {
                    s.connect(full.address());
                    throw new IllegalStateException("connect to a full backlog succeeded");
                } catch (SocketException expected) {
                    // "Socket closed": the close below
                }
            });
            // a close before the connect starts is no race: Socket.connect refuses a closed socket up front
            awaitBlocked(connector);
            s.close();
            join(connector);
            report("socket-connect", 0, full.port(), "CONNECT_FAILED");
        }
    }

    static void channelCloseDuringConnect() throws Throwable {
        try (FullBacklog full = FullBacklog.open()) {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            if (ch.connect(full.address())) {
                throw new IllegalStateException("connect to a full backlog succeeded");
            }
            Thread closer = start(false, () -> ch.close());
            join(closer);
            report("channel-connect", 0, full.port(), "CONNECT_FAILED");
        }
    }

    /** Two threads close at once (or one thread twice in a row). */
    static void concurrentDoubleClose(boolean channel) throws Throwable {
        Closeable c;
        int port;
        if (channel) {
            SocketChannel ch = connectChannel();
            port = port(ch);
            c = ch::close;
        } else {
            Socket s = connectSocket();
            port = s.getLocalPort();
            c = s::close;
        }
        CyclicBarrier together = new CyclicBarrier(2);
        Thread other = start(false, () -> {
            together.await();
            c.close();
        });
        together.await();
        c.close();
        join(other);
        c.close();
        report(channel ? "channel-double-close" : "socket-double-close", port, listener.getLocalPort(), "APP");
    }

    /** A registered non-blocking channel closed while another thread selects: the close completes in the select. */
    static void closeDuringSelect(boolean waitUntilBlocked) throws Throwable {
        SocketChannel ch = connectChannel();
        int port = port(ch);
        ch.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            ch.register(selector, SelectionKey.OP_READ);
            Thread selecting = start(false, () -> {
                while (selector.keys().size() > 0) {
                    selector.select(1000);
                }
            });
            if (waitUntilBlocked) {
                awaitBlocked(selecting);
            }
            ch.close();
            selector.wakeup();
            join(selecting);
        }
        report("select-close", port, listener.getLocalPort(), "APP");
    }

    private interface Closeable {
        void close() throws Exception;
    }

    private interface Body {
        void run() throws Exception;
    }

    private static final MethodType VIRTUAL_START = MethodType.methodType(Thread.class, Runnable.class);
    private static volatile Throwable failure;

    private static Thread start(boolean virtual, Body body) throws Throwable {
        Runnable r = () -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure = t;
            }
        };
        if (virtual) {
            return (Thread) MethodHandles.lookup().findStatic(Thread.class, "startVirtualThread", VIRTUAL_START)
                    .invokeExact(r);
        }
        Thread t = new Thread(r, "race");
        t.start();
        return t;
    }

    private static void join(Thread t) throws Throwable {
        t.join(WAIT_NANOS / 1_000_000);
        if (t.isAlive()) {
            throw new IllegalStateException("thread still blocked " + WAIT_NANOS / 1_000_000 + " ms after the close");
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The JDK's native calls that block on a socket: poll, read, connect, epoll wait. */
    private static final Set<String> BLOCKING_CALLS = Set.of("poll", "read0", "connect0", "wait");

    /**
     * Until the thread sits in a blocking call on a socket: parked (virtual threads) or in one of the JDK's
     * blocking native calls. Not any native frame: a close while the socket is still being created is a JDK race of
     * its own (java.net.Socket then connects a socket it has marked closed).
     */
    private static void awaitBlocked(Thread t) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            if (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING) {
                return;
            }
            StackTraceElement[] stack = t.getStackTrace();
            if (stack.length > 0 && stack[0].isNativeMethod() && stack[0].getClassName().startsWith("sun.nio.ch.")
                    && BLOCKING_CALLS.contains(stack[0].getMethodName())) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException(t + " did not block");
    }

    private static void report(String race, int localPort, int remotePort, String end) {
        System.out.println(race + " " + localPort + " " + remotePort + " " + end);
    }

    /** A loopback listener that never accepts, with its accept queue filled. */
    private static final class FullBacklog implements AutoCloseable {
        private static final Set<Integer> PORTS_USED = new HashSet<>();
        private final ServerSocket server;
        private final List<Socket> fillers = new ArrayList<>();

        private FullBacklog(ServerSocket server) {
            this.server = server;
        }

        static FullBacklog open() throws IOException {
            FullBacklog f = new FullBacklog(unusedPort());
            // these complete; the next connect waits for a SYN-ACK that never comes
            for (int i = 0; i < BACKLOG_FILLERS; i++) {
                f.fillers.add(new Socket(InetAddress.getLoopbackAddress(), f.port()));
            }
            return f;
        }

        /**
         * A listener on a port no earlier round listened on: the journal names these connections by that port
         * alone, and the kernel readily hands out a port freed a moment ago.
         */
        private static ServerSocket unusedPort() throws IOException {
            List<ServerSocket> seen = new ArrayList<>();
            try {
                while (true) {
                    ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    if (PORTS_USED.add(s.getLocalPort())) {
                        return s;
                    }
                    seen.add(s); // held until a new port comes, so that the kernel cannot offer it again
                }
            } finally {
                for (ServerSocket s : seen) {
                    s.close();
                }
            }
        }

        InetSocketAddress address() {
            return (InetSocketAddress) server.getLocalSocketAddress();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket s : fillers) {
                s.close();
            }
            server.close();
        }
    }
}
