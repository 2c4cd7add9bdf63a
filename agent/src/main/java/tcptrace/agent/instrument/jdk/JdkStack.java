package tcptrace.agent.instrument.jdk;

import java.util.List;
import tcptrace.agent.instrument.HookedClass;

/** The JDK's own sockets: {@code java.net.Socket}, {@code SocketChannel} and their server twins, in java.base. */
public final class JdkStack {
    private JdkStack() {
    }

    public static List<HookedClass> classes() {
        return List.of(NioSocketImplHooks.hooks(), SocketChannelImplHooks.hooks(),
                ServerSocketChannelImplHooks.hooks(),
                SocketDispatcherHooks.hooks("sun.nio.ch.SocketDispatcher"),
                SocketDispatcherHooks.hooks("sun.nio.ch.UnixDispatcher"), NetHooks.hooks());
    }
}
