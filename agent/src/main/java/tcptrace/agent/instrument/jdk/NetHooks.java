package tcptrace.agent.instrument.jdk;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.io.FileDescriptor;
import java.util.List;
import net.bytebuddy.asm.Advice;
import tcptrace.agent.instrument.Hook;
import tcptrace.agent.instrument.HookedClass;
import tcptrace.agent.bootstrap.SocketProbes;

/**
 * {@code sun.nio.ch.Net.localAddress(FileDescriptor)}: a connect and an accept of {@code NioSocketImpl} read the new
 * connection's local address with it and keep only the port. Handing the address on saves the agent reading it again
 * from the kernel. The same static method on 17 and 25; without it the agent reads the address itself.
 */
final class NetHooks {
    private NetHooks() {
    }

    static HookedClass hooks() {
        return new HookedClass("sun.nio.ch.Net", () -> List.of(Hook.of("localAddress(FileDescriptor)",
                isStatic().and(named("localAddress")).and(takesArguments(FileDescriptor.class)),
                LocalAddressAdvice.class)));
    }

    public static final class LocalAddressAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) Object fd, @Advice.Return Object address) {
            SocketProbes.localAddressRead(fd, address);
        }
    }
}
