package tcptrace.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.io.FileDescriptor;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import tcptrace.agent.bootstrap.SocketProbes;

/**
 * The dispatcher's {@code close(FileDescriptor)}, where every socket descriptor ends. The Cleaner of an unreachable
 * Socket gets here without passing through {@code NioSocketImpl.close()}: its action is a lambda made by the
 * private {@code closerFor(FileDescriptor[, boolean])}, which cannot be instrumented. Declared by
 * {@code SocketDispatcher} on JDK 17 and by its superclass {@code UnixDispatcher} on JDK 25; whichever does not
 * declare it simply matches nothing.
 */
final class SocketDispatcherInstrumentation implements JdkClassInstrumentation {
    @Override
    public List<String> classNames() {
        return List.of("sun.nio.ch.SocketDispatcher", "sun.nio.ch.UnixDispatcher");
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice transformer(AgentBuilder.Transformer.ForAdvice base) {
        return base.advice(named("close").and(takesArguments(FileDescriptor.class)), CloseAdvice.class.getName());
    }

    public static final class CloseAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Object fd) {
            SocketProbes.descriptorClosing(fd);
        }
    }
}
