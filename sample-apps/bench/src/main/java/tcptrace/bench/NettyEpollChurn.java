package tcptrace.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The churn of {@link ChurnWorkload} on Netty's epoll transport, client and server in this JVM: each of
 * {@code chains} connections in flight connects, writes the message, reads its echo and closes, and its close
 * starts the next connection, until the deadline. The server echoes the message and closes when the client's FIN
 * arrives (Netty closes a channel whose input ended), so that the client closes first, as with the JDK sockets.
 * Listens on several ports for the reason {@link EchoServer} gives.
 */
final class NettyEpollChurn implements AutoCloseable {
    private static final int PORTS = 16;
    private static final AttributeKey<Chain> CHAIN = AttributeKey.valueOf("tcptrace.bench.chain");

    private final int chains;
    private final int messageBytes;
    private final EventLoopGroup serverLoop;
    private final EventLoopGroup clientLoop;
    private final List<Channel> listeners = new ArrayList<>();
    private final List<InetSocketAddress> addresses = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong failed = new AtomicLong();
    private final Bootstrap client;
    private final ByteBuf message;

    NettyEpollChurn(int chains, int messageBytes) throws InterruptedException {
        Epoll.ensureAvailability();
        this.chains = chains;
        this.messageBytes = messageBytes;
        this.message = Unpooled.unreleasableBuffer(Unpooled.directBuffer(messageBytes).writeZero(messageBytes));
        int loopThreads = Math.max(1, chains / 2);
        serverLoop = new MultiThreadIoEventLoopGroup(loopThreads, new DefaultThreadFactory("churn-server-loop"),
                EpollIoHandler.newFactory());
        clientLoop = new MultiThreadIoEventLoopGroup(loopThreads, new DefaultThreadFactory("churn-client-loop"),
                EpollIoHandler.newFactory());
        ServerBootstrap server = new ServerBootstrap().group(serverLoop).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096).childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new EchoOnce());
                    }
                });
        for (int i = 0; i < PORTS; i++) {
            Channel listener = server.bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
            listeners.add(listener);
            addresses.add((InetSocketAddress) listener.localAddress());
        }
        client = new Bootstrap().group(clientLoop).channel(EpollSocketChannel.class).handler(new ClientSide());
    }

    long failed() {
        return failed.get();
    }

    /** Connections completed by all chains until {@code nanos} have passed. */
    long connectFor(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        CountDownLatch done = new CountDownLatch(chains);
        AtomicLong completed = new AtomicLong();
        for (int i = 0; i < chains; i++) {
            new Chain(deadline, done, completed).connect();
        }
        if (!done.await(nanos + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("the Netty churn did not finish within 30 s of its deadline");
        }
        return completed.get();
    }

    /** One connection after another, each started when the last one's close is done. */
    private final class Chain {
        final long deadline;
        final CountDownLatch done;
        final AtomicLong completed;
        int received;

        Chain(long deadline, CountDownLatch done, AtomicLong completed) {
            this.deadline = deadline;
            this.done = done;
            this.completed = completed;
        }

        void connect() {
            if (System.nanoTime() - deadline >= 0) {
                done.countDown();
                return;
            }
            received = 0;
            ChannelFuture connecting = client.connect(addresses.get(Math.floorMod(next.getAndIncrement(), PORTS)));
            connecting.addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    failed.incrementAndGet();
                    connect();
                    return;
                }
                // set before the write: the echo, and so every read, comes after it
                f.channel().attr(CHAIN).set(this);
                f.channel().closeFuture().addListener(closed -> connect());
                f.channel().writeAndFlush(message.duplicate());
            });
        }
    }

    /** The client's end: counts the echo, closes once it is whole. */
    @ChannelHandler.Sharable
    private final class ClientSide extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            Chain chain = ctx.channel().attr(CHAIN).get();
            chain.received += in.readableBytes();
            in.release();
            if (chain.received >= messageBytes) {
                chain.completed.incrementAndGet();
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed.incrementAndGet();
            ctx.close();
        }
    }

    /** The server's end of one connection: echoes the message once it is whole; Netty closes it on the FIN. */
    private final class EchoOnce extends ChannelInboundHandlerAdapter {
        private int received;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            int before = received;
            received += in.readableBytes();
            in.release();
            if (before < messageBytes && received >= messageBytes) {
                ctx.writeAndFlush(message.duplicate());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Channel listener : listeners) {
            listener.close().sync();
        }
        clientLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        serverLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }
}
