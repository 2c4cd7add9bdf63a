package tcptrace.agent.instrument.uring;

import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import tcptrace.agent.instrument.Hook;
import tcptrace.agent.instrument.HookedClass;
import tcptrace.agent.instrument.ThirdPartyStack;
import tcptrace.agent.instrument.uring.UringAdvice.AcceptAdvice;
import tcptrace.agent.instrument.uring.UringAdvice.CloseAdvice;
import tcptrace.agent.instrument.uring.UringAdvice.ConnectAdvice;
import tcptrace.agent.instrument.uring.UringAdvice.ConnectFailedAdvice;
import tcptrace.agent.instrument.uring.UringAdvice.ConnectedAdvice;
import tcptrace.agent.instrument.uring.UringAdvice.ReadCompleteAdvice;
import tcptrace.agent.instrument.uring.UringAdvice.ReadErrorAdvice;
import tcptrace.agent.instrument.uring.UringAdvice.WriteCompleteAdvice;

/**
 * Netty 4.2's io_uring transport, which connects, reads, writes and closes through operations of the ring, not
 * through calls of its JNI: the kernel completes them later, on the event loop. Its {@code LinuxSocket} is still a
 * {@code unix.Socket}, the key of the connection's state, whose shutdown and SO_LINGER/SO_KEEPALIVE calls the
 * epoll stack's hooks see already. Here: the connect submitted and its completion, the accept, each read's and
 * write's completion (a result of 0 is the end of the stream), the read errors (Netty's exceptions carry no
 * stack: the ERROR takes the agent's own), and the close, taken where the application's close enters the channel's
 * unsafe: the close operation goes to the ring only once the reads and writes in flight are cancelled, from a
 * completion that no longer has the caller's stack. A close forced by Netty itself ({@code closeForcibly}, a
 * registration that failed) enters {@code doClose} alone.
 */
public final class UringStack implements ThirdPartyStack {
    static final String URING = "io.netty.channel.uring.";

    @Override
    public String name() {
        return "Netty io_uring";
    }

    @Override
    public String packageMarker() {
        return "io/netty/channel/uring/";
    }

    @Override
    public List<HookedClass> classes() {
        return List.of(
                new HookedClass(URING + "AbstractIoUringChannel", () -> List.of(
                        Hook.of("submitConnect(InetSocketAddress)", named("submitConnect")
                                .and(takesArguments(InetSocketAddress.class)), ConnectAdvice.class),
                        Hook.of("doClose()", named("doClose").and(takesNoArguments()), CloseAdvice.class))),
                new HookedClass(URING + "AbstractIoUringChannel$AbstractUringUnsafe", () -> List.of(
                        Hook.of("close(ChannelPromise,Throwable,ClosedChannelException)", named("close")
                                .and(takesArguments(3)).and(takesArgument(0, promise()))
                                .and(takesArgument(1, Throwable.class))
                                .and(takesArgument(2, ClosedChannelException.class)), CloseAdvice.class),
                        Hook.of("fulfillConnectPromise(ChannelPromise,boolean)", named("fulfillConnectPromise")
                                .and(takesArguments(2)).and(takesArgument(0, promise()))
                                .and(takesArgument(1, boolean.class)), ConnectedAdvice.class),
                        Hook.of("fulfillConnectPromise(ChannelPromise,Throwable)", named("fulfillConnectPromise")
                                .and(takesArguments(2)).and(takesArgument(0, promise()))
                                .and(takesArgument(1, Throwable.class)), ConnectFailedAdvice.class))),
                new HookedClass(URING + "AbstractIoUringStreamChannel$IoUringStreamUnsafe", () -> List.of(
                        Hook.of("readComplete0(byte,int,int,short,int)", named("readComplete0").and(takesArguments(
                                byte.class, int.class, int.class, short.class, int.class)), ReadCompleteAdvice.class),
                        Hook.of("handleReadException(ChannelPipeline,ByteBuf,Throwable,boolean,"
                                + "IoUringRecvByteAllocatorHandle)", named("handleReadException")
                                .and(takesArguments(5)).and(takesArgument(2, Throwable.class)),
                                ReadErrorAdvice.class),
                        Hook.of("writeComplete0(byte,int,int,long,int)", named("writeComplete0").and(takesArguments(
                                byte.class, int.class, int.class, long.class, int.class)),
                                WriteCompleteAdvice.class))),
                new HookedClass(URING + "IoUringServerSocketChannel", () -> List.of(
                        Hook.of("newChildChannel(int,ByteBuffer)", named("newChildChannel").and(takesArguments(
                                int.class, ByteBuffer.class)), AcceptAdvice.class))));
    }

    /** Netty's {@code ChannelPromise}, maybe relocated: a type the agent cannot name by its class. */
    private static ElementMatcher<TypeDescription> promise() {
        return nameEndsWith("io.netty.channel.ChannelPromise");
    }
}
