package tcptrace.agent.instrument.jdk;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.List;
import net.bytebuddy.asm.Advice;
import tcptrace.agent.instrument.Hook;
import tcptrace.agent.instrument.HookedClass;
import tcptrace.agent.bootstrap.SocketProbes;
import tcptrace.agent.instrument.jdk.SharedAdvice.BlockingConnectAdvice;
import tcptrace.agent.instrument.jdk.SharedAdvice.CloseAdvice;
import tcptrace.agent.instrument.jdk.SharedAdvice.OptionAdvice;
import tcptrace.agent.instrument.jdk.SharedAdvice.ReadAdvice;
import tcptrace.agent.instrument.jdk.SharedAdvice.ShutdownInputAdvice;
import tcptrace.agent.instrument.jdk.SharedAdvice.ShutdownOutputAdvice;
import tcptrace.agent.instrument.jdk.SharedAdvice.WriteAdvice;
import tcptrace.agent.instrument.jdk.SharedAdvice.WriteLengthAdvice;

/**
 * {@code sun.nio.ch.SocketChannelImpl}: {@code SocketChannel} and its {@code socket()} adaptor, which goes through
 * the package-private {@code blockingConnect/blockingRead/blockingWriteFully}. Every way of closing the channel
 * (blocking, non-blocking with the deferred {@code kill()} of a registered key, a virtual thread's reader finishing
 * the close, an interrupt) passes through {@code implCloseSelectableChannel()} first, whose entry is the CLOSE.
 */
final class SocketChannelImplHooks {
    private SocketChannelImplHooks() {
    }

    static HookedClass hooks() {
        return new HookedClass("sun.nio.ch.SocketChannelImpl", () -> List.of(
                Hook.of("connect(SocketAddress)", named("connect").and(takesArguments(SocketAddress.class)),
                        ConnectAdvice.class),
                Hook.of("blockingConnect(SocketAddress,long)", named("blockingConnect").and(takesArguments(
                        SocketAddress.class, long.class)), BlockingConnectAdvice.class),
                Hook.of("finishConnect()", named("finishConnect").and(takesNoArguments()),
                        FinishConnectAdvice.class),
                Hook.of("read(ByteBuffer)", named("read").and(takesArguments(ByteBuffer.class)),
                        ReadAdvice.class),
                Hook.of("read(ByteBuffer[],int,int)", named("read").and(takesArguments(ByteBuffer[].class,
                        int.class, int.class)), ReadAdvice.class),
                Hook.of("blockingRead(byte[],int,int,long)", named("blockingRead").and(takesArguments(
                        byte[].class, int.class, int.class, long.class)), ReadAdvice.class),
                Hook.of("write(ByteBuffer)", named("write").and(takesArguments(ByteBuffer.class)),
                        WriteAdvice.class),
                Hook.of("write(ByteBuffer[],int,int)", named("write").and(takesArguments(ByteBuffer[].class,
                        int.class, int.class)), WriteAdvice.class),
                Hook.of("blockingWriteFully(byte[],int,int)", named("blockingWriteFully").and(takesArguments(
                        byte[].class, int.class, int.class)), WriteLengthAdvice.class),
                Hook.of("implCloseSelectableChannel()", named("implCloseSelectableChannel")
                        .and(takesNoArguments()), CloseAdvice.class),
                Hook.of("shutdownOutput()", named("shutdownOutput").and(takesNoArguments()),
                        ShutdownOutputAdvice.class),
                Hook.of("shutdownInput()", named("shutdownInput").and(takesNoArguments()),
                        ShutdownInputAdvice.class),
                Hook.of("setOption(SocketOption,Object)", named("setOption").and(takesArguments(
                        SocketOption.class, Object.class)), OptionAdvice.class)));
    }

    public static final class ConnectAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return SocketProbes.now();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object self, @Advice.Argument(0) Object remote,
                                @Advice.Enter long epochNanos, @Advice.Return boolean connected,
                                @Advice.Thrown Throwable thrown) {
            SocketProbes.connected(self, remote, epochNanos, connected, thrown);
        }
    }

    public static final class FinishConnectAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object self, @Advice.Return boolean done,
                                @Advice.Thrown Throwable thrown) {
            SocketProbes.connectFinished(self, done, thrown);
        }
    }
}
