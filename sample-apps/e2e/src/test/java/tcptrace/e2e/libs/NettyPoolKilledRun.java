package tcptrace.e2e.libs;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * A Netty client on a native transport (epoll, io_uring) whose pool holds three idle connections to a server of its
 * own on the same transport, until the process is killed: it prints {@code ready} and waits.
 */
final class NettyPoolKilledRun implements LibraryRun {
    static final int POOLED = 3;
    private final NettyTransport transport;

    NettyPoolKilledRun(NettyTransport transport) {
        this.transport = transport;
    }

    @Override
    public void run(int port) throws Exception {
        NettyEcho echo = new NettyEcho(transport, port);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, transport.handlers());
        Bootstrap bootstrap = new Bootstrap().group(group).channel(transport.channel)
                .remoteAddress(HOST, port);
        FixedChannelPool pool = new FixedChannelPool(bootstrap, new AbstractChannelPoolHandler() {
            @Override
            public void channelCreated(Channel ch) {
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                    }
                });
            }
        }, POOLED);
        List<Channel> held = new ArrayList<>();
        for (int i = 0; i < POOLED; i++) {
            held.add(pool.acquire().sync().getNow());
        }
        for (Channel c : held) {
            c.writeAndFlush(c.alloc().buffer(NettyEcho.PAYLOAD).writeZero(NettyEcho.PAYLOAD)).sync();
            pool.release(c).sync();
        }
        Waits.until("the pooled connections to be accepted", () -> echo.openConnections() == POOLED);
        System.out.println("ready");
        Thread.sleep(Long.MAX_VALUE); // the test kills this process with SIGKILL
    }
}
