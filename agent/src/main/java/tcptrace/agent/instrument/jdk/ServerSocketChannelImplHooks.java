package tcptrace.agent.instrument.jdk;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import java.util.List;
import net.bytebuddy.asm.Advice;
import tcptrace.agent.instrument.Hook;
import tcptrace.agent.instrument.HookedClass;
import tcptrace.agent.bootstrap.SocketProbes;

/**
 * {@code sun.nio.ch.ServerSocketChannelImpl}: {@code accept()}, and {@code blockingAccept(long)} behind the
 * {@code socket()} adaptor; both return the accepted channel (null when a non-blocking accept found none).
 */
final class ServerSocketChannelImplHooks {
    private ServerSocketChannelImplHooks() {
    }

    static HookedClass hooks() {
        return new HookedClass("sun.nio.ch.ServerSocketChannelImpl", () -> List.of(
                Hook.of("accept()", named("accept").and(takesNoArguments()), AcceptAdvice.class),
                Hook.of("blockingAccept(long)", named("blockingAccept").and(takesArguments(long.class)),
                        AcceptAdvice.class)));
    }

    public static final class AcceptAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Return Object accepted) {
            SocketProbes.accepted(accepted);
        }
    }
}
