package tcptrace.testapp;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.AccessibleObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketImpl;
import java.security.ProtectionDomain;
import java.util.concurrent.Callable;

/**
 * Tries, as application code, each way into the JDK's internals that an agent could open by mistake, and prints one
 * line per probe: {@code <probe> reached} or {@code <probe> refused <exception>}. With {@code --wait} it first prints
 * {@code ready <pid>} and waits for a line on stdin (an agent is attached meanwhile). A loopback connection opens
 * first, so that the agent (if any) has woven the socket classes and set up its recorder before the probes run.
 */
public final class JdkReach {
    private JdkReach() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--wait")) {
            System.out.println("ready " + ProcessHandle.current().pid());
            System.out.flush();
            if (System.in.read() < 0) {
                throw new IllegalStateException("stdin closed before the attach was done");
            }
        }
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket served = listener.accept()) {
            served.getOutputStream().write(1);
            client.getInputStream().read();
        }
        // java.lang: what every deep-reflection attack starts from, and the fields the agent reads itself
        probe("java.lang.String.value", () -> open(String.class.getDeclaredField("value")));
        probe("java.lang.Throwable.backtrace", () -> open(Throwable.class.getDeclaredField("backtrace")));
        probe("java.lang.ClassLoader.defineClass1", () -> open(ClassLoader.class.getDeclaredMethod("defineClass1",
                ClassLoader.class, String.class, byte[].class, int.class, int.class, ProtectionDomain.class,
                String.class)));
        probe("java.lang.invoke.MethodHandles.privateLookupIn(String)",
                () -> MethodHandles.privateLookupIn(String.class, MethodHandles.lookup()));
        // java.net, java.io and sun.nio.ch: the socket internals the agent reads
        probe("java.net.SocketImpl.fd", () -> open(SocketImpl.class.getDeclaredField("fd")));
        probe("java.net.InetAddress.holder", () -> open(InetAddress.class.getDeclaredField("holder")));
        probe("java.io.FileDescriptor.fd", () -> open(FileDescriptor.class.getDeclaredField("fd")));
        probe("sun.nio.ch.NioSocketImpl.state", () -> open(Class.forName("sun.nio.ch.NioSocketImpl")
                .getDeclaredField("state")));
        probe("sun.nio.ch.SocketChannelImpl.fd", () -> open(Class.forName("sun.nio.ch.SocketChannelImpl")
                .getDeclaredField("fd")));
        probe("sun.nio.ch.Net.localAddress", () -> open(Class.forName("sun.nio.ch.Net")
                .getDeclaredMethod("localAddress", FileDescriptor.class)));
        // the JDK's own back doors: what the bridge is defined with, and the secrets behind java.base
        probe("jdk.internal.misc.Unsafe.getUnsafe", () -> Class.forName("jdk.internal.misc.Unsafe")
                .getMethod("getUnsafe").invoke(null));
        probe("jdk.internal.access.SharedSecrets.getJavaLangAccess", () -> Class.forName(
                "jdk.internal.access.SharedSecrets").getMethod("getJavaLangAccess").invoke(null));
    }

    private static Object open(AccessibleObject member) {
        member.setAccessible(true);
        return member;
    }

    private static void probe(String name, Callable<Object> reach) {
        try {
            reach.call();
            System.out.println(name + " reached");
        } catch (Throwable refused) {
            System.out.println(name + " refused " + refused.getClass().getName());
        }
    }
}
