package tcptrace.agent.instrument.jdk;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import java.net.SocketAddress;
import java.net.SocketImpl;
import java.net.SocketOption;
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
import tcptrace.agent.instrument.jdk.SharedAdvice.WriteLengthAdvice;

/**
 * {@code sun.nio.ch.NioSocketImpl}, behind every {@code java.net.Socket} and {@code ServerSocket} since JDK 13.
 * The same methods on 17 and 25: {@code connect(SocketAddress,int)}, {@code accept(SocketImpl)}, the private
 * {@code read/write(byte[],int,int)} behind the streams, {@code close()}, {@code shutdownInput/Output()} and both
 * {@code setOption}s. {@code close()} sends the FIN itself (shutdown(SHUT_WR) unless SO_LINGER is 0) before it
 * closes the descriptor, so its entry is stamped before the FIN leaves.
 */
final class NioSocketImplHooks {
    private NioSocketImplHooks() {
    }

    static HookedClass hooks() {
        return new HookedClass("sun.nio.ch.NioSocketImpl", () -> List.of(
                Hook.of("connect(SocketAddress,int)", named("connect").and(takesArguments(SocketAddress.class,
                        int.class)), BlockingConnectAdvice.class),
                Hook.of("accept(SocketImpl)", named("accept").and(takesArguments(SocketImpl.class)),
                        AcceptAdvice.class),
                Hook.of("read(byte[],int,int)", named("read").and(takesArguments(byte[].class, int.class,
                        int.class)), ReadAdvice.class),
                Hook.of("write(byte[],int,int)", named("write").and(takesArguments(byte[].class, int.class,
                        int.class)), WriteLengthAdvice.class),
                Hook.of("close()", named("close").and(takesNoArguments()), CloseAdvice.class),
                Hook.of("shutdownOutput()", named("shutdownOutput").and(takesNoArguments()),
                        ShutdownOutputAdvice.class),
                Hook.of("shutdownInput()", named("shutdownInput").and(takesNoArguments()),
                        ShutdownInputAdvice.class),
                Hook.of("setOption(int,Object)", named("setOption").and(takesArguments(int.class, Object.class)),
                        LegacyOptionAdvice.class),
                Hook.of("setOption(SocketOption,Object)", named("setOption").and(takesArguments(
                        SocketOption.class, Object.class)), OptionAdvice.class)));
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
