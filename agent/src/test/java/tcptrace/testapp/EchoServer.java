package tcptrace.testapp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback echo server on one selector thread (so that thousands of connections need no thousands of threads).
 * Closes a connection when the client's end-of-stream arrives, and counts those closes.
 */
final class EchoServer implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Thread loop;
    private final AtomicLong closed = new AtomicLong();
    private volatile Throwable failure;

    private EchoServer(ServerSocketChannel listener, Selector selector) {
        this.listener = listener;
        this.selector = selector;
        this.loop = new Thread(this::serve, "echo-server");
    }

    static EchoServer start() throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 65_535);
        listener.configureBlocking(false);
        Selector selector = Selector.open();
        listener.register(selector, SelectionKey.OP_ACCEPT);
        EchoServer server = new EchoServer(listener, selector);
        server.loop.start();
        return server;
    }

    int port() throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    /** Waits until {@code n} connections have been closed by the server, at most {@code millis}. */
    void awaitClosed(long n, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (closed.get() < n) {
            if (failure != null) {
                throw new IllegalStateException("echo server failed", failure);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("echo server closed " + closed.get() + " of " + n
                        + " connections within " + millis + " ms");
            }
            Thread.sleep(5);
        }
    }

    private void serve() {
        try {
            while (selector.isOpen()) {
                selector.select();
                if (!selector.isOpen()) {
                    return;
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        echo(key);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            if (selector.isOpen()) {
                failure = e;
            }
        }
    }

    private void accept() throws IOException {
        for (SocketChannel ch; (ch = listener.accept()) != null; ) {
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(8192));
        }
    }

    /** Reads what is there and writes it back; waits for write space instead of reading more when it must. */
    private void echo(SelectionKey key) throws IOException {
        SocketChannel ch = (SocketChannel) key.channel();
        ByteBuffer pending = (ByteBuffer) key.attachment();
        if (pending.position() > 0) {
            pending.flip();
            ch.write(pending);
            pending.compact();
        }
        if (pending.position() > 0) {
            key.interestOps(SelectionKey.OP_WRITE);
            return;
        }
        key.interestOps(SelectionKey.OP_READ);
        int n = ch.read(pending);
        if (n < 0) {
            ch.close();
            closed.incrementAndGet();
            return;
        }
        pending.flip();
        ch.write(pending);
        pending.compact();
        if (pending.position() > 0) {
            key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    @Override
    public void close() throws Exception {
        selector.close();
        loop.join(10_000);
        listener.close();
    }
}
