package tcptrace.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import tcptrace.agent.bootstrap.SocketProbes;

/**
 * {@code sun.nio.ch.ServerSocketChannelImpl}: {@code accept()}, and {@code blockingAccept(long)} behind the
 * {@code socket()} adaptor; both return the accepted channel (null when a non-blocking accept found none).
 */
final class ServerSocketChannelImplInstrumentation implements JdkClassInstrumentation {
    @Override
    public List<String> classNames() {
        return List.of("sun.nio.ch.ServerSocketChannelImpl");
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice transformer(AgentBuilder.Transformer.ForAdvice base) {
        return base
                .advice(named("accept").and(takesNoArguments()), AcceptAdvice.class.getName())
                .advice(named("blockingAccept").and(takesArguments(long.class)), AcceptAdvice.class.getName());
    }

    public static final class AcceptAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Return Object accepted) {
            SocketProbes.accepted(accepted);
        }
    }
}
