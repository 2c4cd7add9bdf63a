package tcptrace.agent.instrument.netty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import tcptrace.agent.instrument.Hook;
import tcptrace.agent.instrument.HookedClass;
import tcptrace.agent.instrument.ThirdPartyStack;
import tcptrace.agent.instrument.netty.NettyAdvice.AcceptAdvice;
import tcptrace.agent.instrument.netty.NettyAdvice.ConnectAdvice;
import tcptrace.agent.instrument.netty.NettyAdvice.DescriptorCloseAdvice;
import tcptrace.agent.instrument.netty.NettyAdvice.FinishConnectAdvice;
import tcptrace.agent.instrument.netty.NettyAdvice.KeepAliveAdvice;
import tcptrace.agent.instrument.netty.NettyAdvice.LingerAdvice;
import tcptrace.agent.instrument.netty.NettyAdvice.ReadAdvice;
import tcptrace.agent.instrument.netty.NettyAdvice.ShutdownAdvice;
import tcptrace.agent.instrument.netty.NettyAdvice.WriteAdvice;

/**
 * Netty's epoll transport, which calls the kernel through its own JNI and never through the JDK's sockets; the same
 * hook points in 4.1 and 4.2. {@code unix.Socket} (with its {@code unix.FileDescriptor}) is one object per
 * connection: connect, finishConnect, recv/send and the descriptor's read/write, shutdown, the options that decide
 * an end, and close(2), which the channel's {@code doClose()} calls last (its frame is in the close's stack); the
 * server channel's {@code newChildChannel} is the accept. A reset is thrown by the socket's read as a
 * Netty exception without a stack: the ERROR takes the agent's own.
 */
public final class NettyStack implements ThirdPartyStack {
    static final String UNIX = "io.netty.channel.unix.";
    static final String EPOLL = "io.netty.channel.epoll.";

    @Override
    public String name() {
        return "Netty";
    }

    @Override
    public String packageMarker() {
        return "io/netty/channel/";
    }

    @Override
    public List<HookedClass> classes() {
        return List.of(
                new HookedClass(UNIX + "FileDescriptor", () -> List.of(
                        Hook.of("close()", named("close").and(takesNoArguments()), DescriptorCloseAdvice.class),
                        Hook.of("read(ByteBuffer,int,int)", named("read").and(takesArguments(ByteBuffer.class,
                                int.class, int.class)), ReadAdvice.class),
                        Hook.of("readAddress(long,int,int)", named("readAddress").and(takesArguments(long.class,
                                int.class, int.class)), ReadAdvice.class),
                        Hook.of("write(ByteBuffer,int,int)", named("write").and(takesArguments(ByteBuffer.class,
                                int.class, int.class)), WriteAdvice.class),
                        Hook.of("writeAddress(long,int,int)", named("writeAddress").and(takesArguments(long.class,
                                int.class, int.class)), WriteAdvice.class),
                        Hook.of("writev(ByteBuffer[],int,int,long)", named("writev").and(takesArguments(
                                ByteBuffer[].class, int.class, int.class, long.class)), WriteAdvice.class),
                        Hook.of("writevAddresses(long,int)", named("writevAddresses").and(takesArguments(
                                long.class, int.class)), WriteAdvice.class))),
                new HookedClass(UNIX + "Socket", () -> List.of(
                        Hook.of("connect(SocketAddress)", named("connect").and(takesArguments(1))
                                .and(takesArgument(0, SocketAddress.class)), ConnectAdvice.class),
                        Hook.of("finishConnect()", named("finishConnect").and(takesNoArguments()),
                                FinishConnectAdvice.class),
                        Hook.of("recv(ByteBuffer,int,int)", named("recv").and(takesArguments(ByteBuffer.class,
                                int.class, int.class)), ReadAdvice.class),
                        Hook.of("recvAddress(long,int,int)", named("recvAddress").and(takesArguments(long.class,
                                int.class, int.class)), ReadAdvice.class),
                        Hook.of("send(ByteBuffer,int,int)", named("send").and(takesArguments(ByteBuffer.class,
                                int.class, int.class)), WriteAdvice.class),
                        Hook.of("sendAddress(long,int,int)", named("sendAddress").and(takesArguments(long.class,
                                int.class, int.class)), WriteAdvice.class),
                        Hook.of("shutdown(boolean,boolean)", named("shutdown").and(takesArguments(boolean.class,
                                boolean.class)), ShutdownAdvice.class),
                        Hook.of("setSoLinger(int)", named("setSoLinger").and(takesArguments(int.class)),
                                LingerAdvice.class),
                        Hook.of("setKeepAlive(boolean)", named("setKeepAlive").and(takesArguments(boolean.class)),
                                KeepAliveAdvice.class))),
                new HookedClass(EPOLL + "EpollServerSocketChannel", () -> List.of(
                        Hook.of("newChildChannel(int,byte[],int,int)", named("newChildChannel").and(takesArguments(
                                int.class, byte[].class, int.class, int.class)), AcceptAdvice.class))));
    }
}
