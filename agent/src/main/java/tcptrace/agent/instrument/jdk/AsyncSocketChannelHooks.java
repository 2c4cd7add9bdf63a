package tcptrace.agent.instrument.jdk;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.List;
import net.bytebuddy.asm.Advice;
import tcptrace.agent.bootstrap.SocketProbes;
import tcptrace.agent.instrument.Hook;
import tcptrace.agent.instrument.HookedClass;
import tcptrace.agent.instrument.jdk.SharedAdvice.CloseAdvice;
import tcptrace.agent.instrument.jdk.SharedAdvice.OptionAdvice;
import tcptrace.agent.instrument.jdk.SharedAdvice.ShutdownInputAdvice;
import tcptrace.agent.instrument.jdk.SharedAdvice.ShutdownOutputAdvice;

/**
 * {@code AsynchronousSocketChannel} and its server twin on Linux, the same on 17 and 25:
 * {@code sun.nio.ch.UnixAsynchronousSocketChannelImpl} connects in {@code implConnect} (at once, or later from the
 * poller's {@code finishConnect}; both end in the private {@code setConnected()}), is made by the listener's accept
 * through its three-argument constructor, and closes in {@code implClose()}, whose close(2) sends the FIN.
 * Shutdown and options are the base class's {@code AsynchronousSocketChannelImpl}. Reads and writes complete in
 * {@code IOUtil}'s overloads with the {@code async} flag, which only this channel calls: their count, -1 at the end
 * of the stream or the reset arrive there, before the completion handler runs. A failed connect closes the channel
 * before it completes: its message is the one {@code Exceptions.ioException} (25) or {@code SocketExceptions.of}
 * (17) made for the caller.
 */
final class AsyncSocketChannelHooks {
    private AsyncSocketChannelHooks() {
    }

    private static final String CHANNEL = "sun.nio.ch.UnixAsynchronousSocketChannelImpl";

    /** IOUtil and the exception helpers are loaded by JVMs that open no socket: woven once the channel is. */
    static List<HookedClass> hooks() {
        return List.of(
                new HookedClass(CHANNEL, () -> List.of(
                        Hook.of("UnixAsynchronousSocketChannelImpl(Port,FileDescriptor,InetSocketAddress)",
                                isConstructor().and(takesArguments(3)).and(takesArgument(1, FileDescriptor.class))
                                        .and(takesArgument(2, InetSocketAddress.class)), AcceptedAdvice.class),
                        Hook.of("implConnect(SocketAddress,Object,CompletionHandler)", named("implConnect")
                                .and(takesArguments(3)).and(takesArgument(0, SocketAddress.class)),
                                ConnectAdvice.class),
                        Hook.of("setConnected()", named("setConnected").and(takesNoArguments()),
                                ConnectedAdvice.class),
                        Hook.of("implClose()", named("implClose").and(takesNoArguments()), CloseAdvice.class))),
                new HookedClass("sun.nio.ch.AsynchronousSocketChannelImpl", () -> List.of(
                        Hook.of("shutdownOutput()", named("shutdownOutput").and(takesNoArguments()),
                                ShutdownOutputAdvice.class),
                        Hook.of("shutdownInput()", named("shutdownInput").and(takesNoArguments()),
                                ShutdownInputAdvice.class),
                        Hook.of("setOption(SocketOption,Object)", named("setOption").and(not(isBridge()))
                                .and(takesArguments(SocketOption.class, Object.class)), OptionAdvice.class))),
                new HookedClass("sun.nio.ch.IOUtil", () -> List.of(
                        Hook.of("read(FileDescriptor,ByteBuffer,long,boolean,NativeDispatcher)", isStatic()
                                .and(named("read")).and(takesArguments(5)).and(takesArgument(1, ByteBuffer.class))
                                .and(takesArgument(3, boolean.class)), ReadAdvice.class),
                        Hook.of("read(FileDescriptor,ByteBuffer[],boolean,NativeDispatcher)", isStatic()
                                .and(named("read")).and(takesArguments(4)).and(takesArgument(1, ByteBuffer[].class))
                                .and(takesArgument(2, boolean.class)), ReadAdvice.class),
                        Hook.of("write(FileDescriptor,ByteBuffer,long,boolean,NativeDispatcher)", isStatic()
                                .and(named("write")).and(takesArguments(5)).and(takesArgument(1, ByteBuffer.class))
                                .and(takesArgument(3, boolean.class)), WriteAdvice.class),
                        Hook.of("write(FileDescriptor,ByteBuffer[],boolean,NativeDispatcher)", isStatic()
                                .and(named("write")).and(takesArguments(4)).and(takesArgument(1, ByteBuffer[].class))
                                .and(takesArgument(2, boolean.class)), WriteAdvice.class))).wovenAfter(CHANNEL),
                connectFailure("jdk.internal.util.Exceptions", "ioException").wovenAfter(CHANNEL),
                connectFailure("sun.net.util.SocketExceptions", "of").wovenAfter(CHANNEL));
    }

    private static HookedClass connectFailure(String owner, String method) {
        return new HookedClass(owner, () -> List.of(Hook.of(method + "(IOException,SocketAddress)", isStatic().and(named(method))
                .and(takesArguments(IOException.class, SocketAddress.class)), ConnectFailureAdvice.class)));
    }

    /** The constructor of an accepted channel: the listener's accept made it for a new connection. */
    public static final class AcceptedAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object self) {
            SocketProbes.accepted(self);
        }
    }

    /** Stamped on entry, as pending: {@code setConnected()} completes it, inside this call or later. */
    public static final class ConnectAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object self, @Advice.Argument(0) Object remote) {
            SocketProbes.connected(self, remote, SocketProbes.now(), false, null);
        }
    }

    public static final class ConnectedAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object self, @Advice.Thrown Throwable thrown) {
            if (thrown == null) {
                SocketProbes.connectFinished(self, true, null);
            }
        }
    }

    /** The count of a read, -1 at the end of the stream; the JDK's "unavailable" (-2) and the like read nothing. */
    public static final class ReadAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) Object fd, @Advice.Return long n,
                                @Advice.Thrown Throwable thrown) {
            SocketProbes.read(fd, n < -1 ? 0 : n, thrown);
        }
    }

    public static final class WriteAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) Object fd, @Advice.Return long n,
                                @Advice.Thrown Throwable thrown) {
            SocketProbes.written(fd, n, thrown);
        }
    }

    public static final class ConnectFailureAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Argument(1) Object remote, @Advice.Return Object exception) {
            SocketProbes.connectFailing(remote, exception);
        }
    }
}
