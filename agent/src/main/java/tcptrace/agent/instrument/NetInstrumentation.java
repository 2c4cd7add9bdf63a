package tcptrace.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.io.FileDescriptor;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import tcptrace.agent.bootstrap.SocketProbes;

/**
 * {@code sun.nio.ch.Net.localAddress(FileDescriptor)}: a connect and an accept of {@code NioSocketImpl} read the new
 * connection's local address with it and keep only the port. Handing the address on saves the agent reading it again
 * from the kernel. The same static method on 17 and 25; without it the agent reads the address itself.
 */
final class NetInstrumentation implements JdkClassInstrumentation {
    @Override
    public List<String> classNames() {
        return List.of("sun.nio.ch.Net");
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice transformer(AgentBuilder.Transformer.ForAdvice base) {
        return base.advice(isStatic().and(named("localAddress")).and(takesArguments(FileDescriptor.class)),
                LocalAddressAdvice.class.getName());
    }

    public static final class LocalAddressAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) Object fd, @Advice.Return Object address) {
            SocketProbes.localAddressRead(fd, address);
        }
    }
}
