package tcptrace.agent.instrument.jdk;

import java.util.ArrayList;
import java.util.List;
import tcptrace.agent.instrument.HookedClass;

/**
 * The JDK's own sockets, in java.base: {@code java.net.Socket}, {@code SocketChannel},
 * {@code AsynchronousSocketChannel} and their server twins.
 */
public final class JdkStack {
    private JdkStack() {
    }

    public static List<HookedClass> classes() {
        List<HookedClass> all = new ArrayList<>(List.of(NioSocketImplHooks.hooks(), SocketChannelImplHooks.hooks(),
                ServerSocketChannelImplHooks.hooks(),
                SocketDispatcherHooks.hooks("sun.nio.ch.SocketDispatcher"),
                SocketDispatcherHooks.hooks("sun.nio.ch.UnixDispatcher"), NetHooks.hooks()));
        all.addAll(AsyncSocketChannelHooks.hooks());
        return List.copyOf(all);
    }
}
