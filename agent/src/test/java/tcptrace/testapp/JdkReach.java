package tcptrace.testapp;

import java.io.FileDescriptor;
import java.lang.reflect.AccessibleObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
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
        probe("java.lang.String.value", () -> open(String.class.getDeclaredField("value")));
        probe("java.lang.Throwable.backtrace", () -> open(Throwable.class.getDeclaredField("backtrace")));
        probe("java.lang.ClassLoader.defineClass1", () -> open(ClassLoader.class.getDeclaredMethod("defineClass1",
                ClassLoader.class, String.class, byte[].class, int.class, int.class,
                java.security.ProtectionDomain.class, String.class)));
        probe("java.net.Socket.impl", () -> open(Socket.class.getDeclaredField("impl")));
        probe("java.net.InetAddress.holder", () -> open(InetAddress.class.getDeclaredField("holder")));
        probe("java.io.FileDescriptor.fd", () -> open(FileDescriptor.class.getDeclaredField("fd")));
        probe("sun.nio.ch.NioSocketImpl.fd", () -> open(Class.forName("sun.nio.ch.NioSocketImpl")
                .getDeclaredField("fd")));
        probe("sun.nio.ch.ServerSocketChannelImpl.fd", () -> open(ServerSocketChannel.open().getClass()
                .getDeclaredField("fd")));
        probe("jdk.internal.misc.Unsafe.getUnsafe", () -> Class.forName("jdk.internal.misc.Unsafe")
                .getMethod("getUnsafe").invoke(null));
        probe("jdk.internal.access.SharedSecrets.getJavaLangAccess", () -> Class.forName(
                "jdk.internal.access.SharedSecrets").getMethod("getJavaLangAccess").invoke(null));
        probe("java.lang.invoke.privateLookupIn(String)", () -> java.lang.invoke.MethodHandles.privateLookupIn(
                String.class, java.lang.invoke.MethodHandles.lookup()));
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
