package tcptrace.testapp.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.2's io_uring transport, client and server in this JVM, through the ways a connection ends: the client closes
 * (twice), the server closes, the client aborts (SO_LINGER 0, the server's read sees the reset), a connect is refused,
 * the client half-closes. Prints one line per connection: {@code <scenario> <client port> <server port> [what the server saw]}.
 * With the argument {@code wait}, one connection is opened first and the program waits for a line on stdin (an
 * agent is attached meanwhile); that connection is closed last. With {@code port=N}, every listener binds port N
 * in turn (a capture can then filter on it).
 */
public final class UringEnds {
    private static final long TIMEOUT_SECONDS = 30;

    private final EventLoopGroup clientLoop = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("client-loop"), IoUringIoHandler.newFactory());
    private final EventLoopGroup serverLoop = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("server-loop"), IoUringIoHandler.newFactory());
    private final int port;

    private UringEnds(int port) {
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        IoUring.ensureAvailability();
        UringEnds app = new UringEnds(args.length > 0 && args[0].startsWith("port=")
                ? Integer.parseInt(args[0].substring("port=".length())) : 0);
        try {
            app.run(args.length > 0 && args[0].equals("wait"));
        } finally {
            app.clientLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
            app.serverLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }

    private void run(boolean waitForAttach) throws Exception {
        Channel early = null;
        Served earlyServed = null;
        if (waitForAttach) {
            earlyServed = new Served(false);
            Channel listener = listen(earlyServed);
            early = connect(listener, -1).sync().channel();
            System.out.println("ready " + ProcessHandle.current().pid());
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            earlyServed.listener = listener;
        }
        clientCloses();
        serverCloses();
        clientAborts();
        connectRefused();
        clientShutsOutput();
        if (early != null) {
            print("early", early, earlyServed);
            early.close().sync();
            earlyServed.closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            earlyServed.listener.close().sync();
        }
        System.out.println("done");
    }

    private void clientCloses() throws Exception {
        Served served = new Served(false);
        Channel listener = listen(served);
        Channel client = connect(listener, -1).sync().channel();
        client.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII)).sync();
        served.read.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        print("client-close", client, served);
        // twice, the second while the first waits for the ring to cancel the read in flight: one close all the same
        client.close();
        client.close().sync();
        served.closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        listener.close().sync();
    }

    private void serverCloses() throws Exception {
        Served served = new Served(true);
        Channel listener = listen(served);
        Channel client = connect(listener, -1).sync().channel();
        print("server-close", client, served);
        client.closeFuture().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        served.closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        listener.close().sync();
    }

    private void clientAborts() throws Exception {
        Served served = new Served(false);
        Channel listener = listen(served);
        Channel client = connect(listener, 0).sync().channel();
        client.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII)).sync();
        served.read.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        print("abort", client, served);
        client.close().sync();
        String seen = served.closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        System.out.println("abort-seen " + seen);
        listener.close().sync();
    }

    private void connectRefused() throws Exception {
        Channel listener = listen(new Served(false));
        listener.close().sync();
        ChannelFuture f = connect(listener, -1).await();
        System.out.println("refused " + ((InetSocketAddress) listener.localAddress()).getPort() + " "
                + f.cause().getMessage());
    }

    private void clientShutsOutput() throws Exception {
        Served served = new Served(false);
        Channel listener = listen(served);
        IoUringSocketChannel client = (IoUringSocketChannel) connect(listener, -1).sync().channel();
        print("shutdown-output", client, served);
        client.shutdownOutput().sync();
        served.closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        client.closeFuture().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        listener.close().sync();
    }

    /** The server's side of one connection: what it read, and how its channel ended. */
    private static final class Served extends ChannelInboundHandlerAdapter {
        final boolean closeAtOnce;
        final CompletableFuture<Channel> accepted = new CompletableFuture<>();
        final CompletableFuture<Void> read = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        volatile String error = "none";
        Channel listener;

        Served(boolean closeAtOnce) {
            this.closeAtOnce = closeAtOnce;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            accepted.complete(ctx.channel());
            ctx.channel().closeFuture().addListener(f -> closed.complete(error));
            if (closeAtOnce) {
                ctx.writeAndFlush(Unpooled.copiedBuffer("bye", StandardCharsets.US_ASCII))
                        .addListener(f -> ctx.close());
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
            read.complete(null);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            error = cause.getMessage().replace(' ', '_');
            ctx.close();
        }
    }

    private Channel listen(Served served) throws InterruptedException {
        return new ServerBootstrap().group(serverLoop).channel(IoUringServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(served);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
    }

    /** A client of {@code listener}; {@code linger} 0 aborts at close, -1 is the default. */
    private ChannelFuture connect(Channel listener, int linger) {
        Bootstrap b = new Bootstrap().group(clientLoop).channel(IoUringSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ((ByteBuf) msg).release();
                    }
                });
        if (linger >= 0) {
            b.option(ChannelOption.SO_LINGER, linger);
        }
        return b.connect(listener.localAddress());
    }

    private static void print(String scenario, Channel client, Served served) throws Exception {
        served.accepted.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        System.out.println(scenario + " " + ((InetSocketAddress) client.localAddress()).getPort() + " "
                + ((InetSocketAddress) client.remoteAddress()).getPort());
        System.out.flush();
    }
}
