package tcptrace.testapp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * {@code AsynchronousSocketChannel} client and server in this JVM, through the ways a connection ends: the client
 * closes, the server closes, a Socket client aborts (SO_LINGER 0, the server's read sees the reset), a connect is refused,
 * the client half-closes. Prints one line per connection: {@code <scenario> <client port> <server port>}. With the
 * argument {@code wait}, one connection is opened first and the program waits for a line on stdin (an agent is
 * attached meanwhile); that connection is closed last. With {@code port=N}, the listener binds port N.
 */
public final class AsyncEnds {
    private static final long TIMEOUT_SECONDS = 30;

    private final AsynchronousChannelGroup group;
    private final AsynchronousServerSocketChannel listener;

    private AsyncEnds(int port) throws Exception {
        ThreadFactory named = r -> {
            Thread t = new Thread(r, "async-group");
            t.setDaemon(true);
            return t;
        };
        group = AsynchronousChannelGroup.withFixedThreadPool(1, named);
        listener = AsynchronousServerSocketChannel.open(group).bind(new InetSocketAddress("127.0.0.1", port));
    }

    public static void main(String[] args) throws Exception {
        AsyncEnds app = new AsyncEnds(args.length > 0 && args[0].startsWith("port=")
                ? Integer.parseInt(args[0].substring("port=".length())) : 0);
        AsynchronousSocketChannel[] early = null;
        if (args.length > 0 && args[0].equals("wait")) {
            early = app.connect();
            System.out.println("ready " + ProcessHandle.current().pid());
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        app.clientCloses();
        app.serverCloses();
        app.clientAborts();
        app.connectRefused();
        app.clientShutsOutput();
        if (early != null) {
            print("early", early[0]);
            early[0].close();
            readToEnd(early[1]);
            early[1].close();
        }
        app.listener.close();
        app.group.shutdownNow();
        System.out.println("done");
    }

    /** A connected client and the server's side of it. */
    private AsynchronousSocketChannel[] connect() throws Exception {
        AsynchronousSocketChannel client = AsynchronousSocketChannel.open(group);
        client.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        client.connect(listener.getLocalAddress()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        AsynchronousSocketChannel served = listener.accept().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return new AsynchronousSocketChannel[] {client, served};
    }

    private void clientCloses() throws Exception {
        AsynchronousSocketChannel[] c = connect();
        write(c[0], "hello");
        readFully(c[1], 5);
        print("client-close", c[0]);
        c[0].close();
        readToEnd(c[1]);
        c[1].close();
    }

    private void serverCloses() throws Exception {
        AsynchronousSocketChannel[] c = connect();
        print("server-close", c[0]);
        write(c[1], "bye");
        c[1].close();
        readToEnd(c[0]);
        c[0].close();
    }

    /** AsynchronousSocketChannel has no SO_LINGER: the aborting client is a Socket, the reset the channel's. */
    private void clientAborts() throws Exception {
        Socket client = new Socket();
        client.setSoLinger(true, 0);
        client.connect(listener.getLocalAddress());
        AsynchronousSocketChannel served = listener.accept().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
        readFully(served, 5);
        System.out.println("abort " + client.getLocalPort() + " " + client.getPort());
        client.close();
        try {
            readToEnd(served);
            System.out.println("abort-seen end-of-stream");
        } catch (ExecutionException e) {
            System.out.println("abort-seen " + e.getCause().getMessage().replace(' ', '_'));
        }
        served.close();
    }

    private void connectRefused() throws Exception {
        int port;
        try (AsynchronousServerSocketChannel closed = AsynchronousServerSocketChannel.open(group)
                .bind(new InetSocketAddress("127.0.0.1", 0))) {
            port = ((InetSocketAddress) closed.getLocalAddress()).getPort();
        }
        AsynchronousSocketChannel client = AsynchronousSocketChannel.open(group);
        try {
            client.connect(new InetSocketAddress("127.0.0.1", port)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            System.out.println("refused " + port + " connected?!");
        } catch (ExecutionException e) {
            System.out.println("refused " + port + " " + e.getCause().getMessage());
        }
        client.close();
    }

    private void clientShutsOutput() throws Exception {
        AsynchronousSocketChannel[] c = connect();
        print("shutdown-output", c[0]);
        c[0].shutdownOutput();
        readToEnd(c[1]);
        c[1].close();
        readToEnd(c[0]);
        c[0].close();
    }

    private static void write(AsynchronousSocketChannel ch, String text) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (b.hasRemaining()) {
            ch.write(b).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static void readFully(AsynchronousSocketChannel ch, int n) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b).get(TIMEOUT_SECONDS, TimeUnit.SECONDS) < 0) {
                throw new IllegalStateException("end of stream after " + b.position() + " bytes");
            }
        }
    }

    private static void readToEnd(AsynchronousSocketChannel ch) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(64);
        while (ch.read(b).get(TIMEOUT_SECONDS, TimeUnit.SECONDS) >= 0) {
            b.clear();
        }
    }

    private static void print(String scenario, AsynchronousSocketChannel client) throws Exception {
        System.out.println(scenario + " " + ((InetSocketAddress) client.getLocalAddress()).getPort() + " "
                + ((InetSocketAddress) client.getRemoteAddress()).getPort());
        System.out.flush();
    }
}
