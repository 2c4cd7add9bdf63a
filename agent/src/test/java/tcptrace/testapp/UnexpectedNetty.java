package tcptrace.testapp;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Loads the stand-in for a Netty class whose hook point is missing from the jar named by the first argument, in a
 * loader of its own (as an application's class loader would), uses it, and says so. The second argument, if any,
 * names the stand-in (the epoll server channel's by default).
 */
public final class UnexpectedNetty {
    public static void main(String[] args) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[0]).toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> c = loader.loadClass(args.length > 1 ? args[1]
                    : "tcptrace.testapp.standin.io.netty.channel.epoll.EpollServerSocketChannel");
            Object channel = c.getConstructor().newInstance();
            System.out.println(c.getMethod("accept").invoke(channel));
        }
    }
}
