package tcptrace.e2e.libs;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.function.Supplier;

/** Netty's JDK transport and its native ones, epoll and (4.2) io_uring, as an application picks one. */
enum NettyTransport {
    NIO(NioIoHandler::newFactory, NioSocketChannel.class, NioServerSocketChannel.class),
    EPOLL(EpollIoHandler::newFactory, EpollSocketChannel.class, EpollServerSocketChannel.class),
    IO_URING(IoUringIoHandler::newFactory, IoUringSocketChannel.class, IoUringServerSocketChannel.class);

    private final Supplier<IoHandlerFactory> handlers;
    final Class<? extends SocketChannel> channel;
    final Class<? extends ServerSocketChannel> serverChannel;

    NettyTransport(Supplier<IoHandlerFactory> handlers, Class<? extends SocketChannel> channel,
                   Class<? extends ServerSocketChannel> serverChannel) {
        this.handlers = handlers;
        this.channel = channel;
        this.serverChannel = serverChannel;
    }

    IoHandlerFactory handlers() {
        return handlers.get();
    }
}
