package tcptrace.agent.instrument.jdk;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.io.FileDescriptor;
import java.util.List;
import net.bytebuddy.asm.Advice;
import tcptrace.agent.instrument.Hook;
import tcptrace.agent.instrument.HookedClass;
import tcptrace.agent.bootstrap.SocketProbes;

/**
 * The dispatcher's {@code close(FileDescriptor)}, where every socket descriptor ends. The Cleaner of an unreachable
 * Socket gets here without passing through {@code NioSocketImpl.close()}: its action is a lambda made by the
 * private {@code closerFor(FileDescriptor[, boolean])}, which cannot be instrumented. Declared by
 * {@code SocketDispatcher} on JDK 17 and by its superclass {@code UnixDispatcher} on JDK 25; whichever does not
 * declare it simply matches nothing.
 */
final class SocketDispatcherHooks {
    private SocketDispatcherHooks() {
    }

    static HookedClass hooks(String dispatcher) {
        return new HookedClass(dispatcher, () -> List.of(Hook.of("close(FileDescriptor)",
                named("close").and(takesArguments(FileDescriptor.class)), CloseAdvice.class)));
    }

    public static final class CloseAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Object fd) {
            SocketProbes.descriptorClosing(fd);
        }
    }
}
