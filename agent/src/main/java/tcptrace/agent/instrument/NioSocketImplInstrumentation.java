package tcptrace.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import java.net.SocketAddress;
import java.net.SocketImpl;
import java.net.SocketOption;
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
import tcptrace.agent.instrument.SharedAdvice.WriteLengthAdvice;

/**
 * {@code sun.nio.ch.NioSocketImpl}, behind every {@code java.net.Socket} and {@code ServerSocket} since JDK 13.
 * The same methods on 17 and 25: {@code connect(SocketAddress,int)}, {@code accept(SocketImpl)}, the private
 * {@code read/write(byte[],int,int)} behind the streams, {@code close()}, {@code shutdownInput/Output()} and both
 * {@code setOption}s. {@code close()} sends the FIN itself (shutdown(SHUT_WR) unless SO_LINGER is 0) before it
 * closes the descriptor, so its entry is stamped before the FIN leaves.
 */
final class NioSocketImplInstrumentation implements JdkClassInstrumentation {
    @Override
    public List<String> classNames() {
        return List.of("sun.nio.ch.NioSocketImpl");
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice transformer(AgentBuilder.Transformer.ForAdvice base) {
        return base
                .advice(named("connect").and(takesArguments(SocketAddress.class, int.class)),
                        BlockingConnectAdvice.class.getName())
                .advice(named("accept").and(takesArguments(SocketImpl.class)), AcceptAdvice.class.getName())
                .advice(named("read").and(takesArguments(byte[].class, int.class, int.class)),
                        ReadAdvice.class.getName())
                .advice(named("write").and(takesArguments(byte[].class, int.class, int.class)),
                        WriteLengthAdvice.class.getName())
                .advice(named("close").and(takesNoArguments()), CloseAdvice.class.getName())
                .advice(named("shutdownOutput").and(takesNoArguments()), ShutdownOutputAdvice.class.getName())
                .advice(named("shutdownInput").and(takesNoArguments()), ShutdownInputAdvice.class.getName())
                .advice(named("setOption").and(takesArguments(int.class, Object.class)),
                        LegacyOptionAdvice.class.getName())
                .advice(named("setOption").and(takesArguments(SocketOption.class, Object.class)),
                        OptionAdvice.class.getName());
    }

    public static final class AcceptAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) Object accepted) {
            SocketProbes.accepted(accepted);
        }
    }

    public static final class LegacyOptionAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object self, @Advice.Argument(0) int option,
                                @Advice.Argument(1) Object value, @Advice.Thrown Throwable thrown) {
            SocketProbes.optionSet(self, Integer.valueOf(option), value, thrown);
        }
    }
}
