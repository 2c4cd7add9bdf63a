package tcptrace.e2e.libs;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Netty echo server and its clients on one transport. The server closes a connection when it reads its end, as
 * Netty does by default; {@link #openConnections} counts the server's connections still open.
 */
final class NettyEcho implements AutoCloseable {
    static final int PAYLOAD = 100;

    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final Channel listener;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong echoed = new AtomicLong();

    NettyEcho(NettyTransport transport, int port) throws InterruptedException {
        this.transport = transport;
        this.group = new MultiThreadIoEventLoopGroup(2, transport.handlers());
        this.listener = new ServerBootstrap().group(group).channel(transport.serverChannel)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        open.incrementAndGet();
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ctx.writeAndFlush(msg);
                            }
                        });
                    }
                }).bind(LibraryRun.HOST, port).sync().channel();
    }

    /** A client connection that counts the bytes echoed back to it. */
    Channel connect(int port) throws InterruptedException {
        return new Bootstrap().group(group).channel(transport.channel)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf b = (ByteBuf) msg;
                        echoed.addAndGet(b.readableBytes());
                        b.release();
                    }
                }).connect(LibraryRun.HOST, port).sync().channel();
    }

    /** Sends {@link #PAYLOAD} bytes on each channel and waits until all came back. */
    void exchange(Channel... channels) throws InterruptedException {
        long before = echoed.get();
        for (Channel c : channels) {
            c.writeAndFlush(c.alloc().buffer(PAYLOAD).writeZero(PAYLOAD)).sync();
        }
        Waits.until("the echo", () -> echoed.get() == before + (long) PAYLOAD * channels.length);
    }

    int openConnections() {
        return open.get();
    }

    @Override
    public void close() throws InterruptedException {
        listener.close().sync();
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
}
