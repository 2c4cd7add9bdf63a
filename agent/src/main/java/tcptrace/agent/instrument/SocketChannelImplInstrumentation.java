package tcptrace.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import tcptrace.agent.bootstrap.SocketProbes;
import tcptrace.agent.instrument.SharedAdvice.BlockingConnectAdvice;
import tcptrace.agent.instrument.SharedAdvice.CloseAdvice;
import tcptrace.agent.instrument.SharedAdvice.OptionAdvice;
import tcptrace.agent.instrument.SharedAdvice.ReadAdvice;
import tcptrace.agent.instrument.SharedAdvice.ShutdownInputAdvice;
import tcptrace.agent.instrument.SharedAdvice.ShutdownOutputAdvice;
import tcptrace.agent.instrument.SharedAdvice.WriteAdvice;
import tcptrace.agent.instrument.SharedAdvice.WriteLengthAdvice;

/**
 * {@code sun.nio.ch.SocketChannelImpl}: {@code SocketChannel} and its {@code socket()} adaptor, which goes through
 * the package-private {@code blockingConnect/blockingRead/blockingWriteFully}. Every way of closing the channel
 * (blocking, non-blocking with the deferred {@code kill()} of a registered key, a virtual thread's reader finishing
 * the close, an interrupt) passes through {@code implCloseSelectableChannel()} first, whose entry is the CLOSE.
 */
final class SocketChannelImplInstrumentation implements JdkClassInstrumentation {
    @Override
    public List<String> classNames() {
        return List.of("sun.nio.ch.SocketChannelImpl");
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice transformer(AgentBuilder.Transformer.ForAdvice base) {
        return base
                .advice(named("connect").and(takesArguments(SocketAddress.class)), ConnectAdvice.class.getName())
                .advice(named("blockingConnect").and(takesArguments(SocketAddress.class, long.class)),
                        BlockingConnectAdvice.class.getName())
                .advice(named("finishConnect").and(takesNoArguments()), FinishConnectAdvice.class.getName())
                .advice(named("read").and(takesArguments(ByteBuffer.class)), ReadAdvice.class.getName())
                .advice(named("read").and(takesArguments(ByteBuffer[].class, int.class, int.class)),
                        ReadAdvice.class.getName())
                .advice(named("blockingRead").and(takesArguments(byte[].class, int.class, int.class, long.class)),
                        ReadAdvice.class.getName())
                .advice(named("write").and(takesArguments(ByteBuffer.class)), WriteAdvice.class.getName())
                .advice(named("write").and(takesArguments(ByteBuffer[].class, int.class, int.class)),
                        WriteAdvice.class.getName())
                .advice(named("blockingWriteFully").and(takesArguments(byte[].class, int.class, int.class)),
                        WriteLengthAdvice.class.getName())
                .advice(named("implCloseSelectableChannel").and(takesNoArguments()), CloseAdvice.class.getName())
                .advice(named("shutdownOutput").and(takesNoArguments()), ShutdownOutputAdvice.class.getName())
                .advice(named("shutdownInput").and(takesNoArguments()), ShutdownInputAdvice.class.getName())
                .advice(named("setOption").and(takesArguments(SocketOption.class, Object.class)),
                        OptionAdvice.class.getName());
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
