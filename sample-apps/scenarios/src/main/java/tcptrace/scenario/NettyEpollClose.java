package tcptrace.scenario;

import static tcptrace.lab.Teardown.fin;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;

/**
 * Both ends on Netty's native epoll transport, which closes and connects through JNI, not the JDK: the client
 * writes and closes its channel; the server, reading the end of the stream, closes (Netty's default).
 */
public final class NettyEpollClose implements Scenario {
    /**
     * How long the server waits for the client's close, from its LISTENING: the client's JVM starts after that and
     * weaves Netty's classes on a loaded machine, seconds each; as long as the lab waits for a role to finish.
     */
    private static final long TIMEOUT_SECONDS = 40;

    @Override
    public String name() {
        return "netty-epoll";
    }

    @Override
    public String summary() {
        return "a Netty epoll client writes and closes its channel; the Netty epoll server closes when it reads EOF";
    }

    @Override
    public void server(Role role) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        CompletableFuture<Void> closed = new CompletableFuture<>();
        new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.closeFuture().addListener(f -> closed.complete(null));
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg);
                            }
                        });
                    }
                }).bind(role.server()).sync();
        role.signal("LISTENING");
        closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        role.signal("DONE");
        role.park();
    }

    @Override
    public void client(Role role) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Channel channel = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).connect(role.server()).sync().channel();
        channel.writeAndFlush(Unpooled.wrappedBuffer(Sockets.HELLO)).sync();
        channel.close().sync();
        role.signal("DONE");
        role.park();
    }

    /** Netty's event loop runs every close, so its stacks hold Netty's frames, not the scenario's. */
    @Override
    public String closingFrame() {
        return "io.netty.channel.";
    }

    /** Netty names its event loop's thread, with a pool number that depends on what else the JVM created. */
    @Override
    public String closingThread(Side side) {
        return null;
    }

    @Override
    public List<Expected> expected() {
        return List.of(Expected.fin(VerdictKind.APP_CLOSE, Side.CLIENT), Expected.fin(VerdictKind.APP_CLOSE, Side.SERVER));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown(fin(Side.CLIENT), fin(Side.SERVER));
    }
}
