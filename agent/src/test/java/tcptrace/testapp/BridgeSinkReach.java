package tcptrace.testapp;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import tcptrace.agent.connection.Intruder;

/**
 * Tries, as application code, the way from the bootstrap bridge (open, as every unnamed module is) to what the
 * JDK grants the agent: reads the sink the agent installed there, takes a private look-up into the sink's class,
 * defines {@link Intruder} in its package with it, and lets the intruder try java.lang and Unsafe; then asks the
 * sink's class loader, through a private look-up into the loader's class, to define the intruder. One line per
 * step: {@code <step> reached} or {@code <step> refused <exception>}; a way ends at its first refusal. With
 * {@code --wait} it first prints {@code ready <pid>} and waits for a line on stdin (an agent is attached meanwhile).
 */
public final class BridgeSinkReach {
    private BridgeSinkReach() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--wait")) {
            System.out.println("ready " + ProcessHandle.current().pid());
            System.out.flush();
            if (System.in.read() < 0) {
                throw new IllegalStateException("stdin closed before the attach was done");
            }
        }
        // a connection first, so that the agent has set up its recorder
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket served = listener.accept()) {
            served.getOutputStream().write(1);
            client.getInputStream().read();
        }
        Object sink;
        try {
            Field field = Class.forName("tcptrace.agent.bootstrap.SocketProbes", false, null).getDeclaredField("sink");
            field.setAccessible(true);
            sink = field.get(null);
        } catch (Throwable refused) {
            System.out.println("sink refused " + refused.getClass().getName());
            return;
        }
        System.out.println("sink " + sink.getClass().getName());
        if (!sink.getClass().getPackageName().equals(Intruder.class.getPackageName())) {
            System.out.println("sink outside the intruder's package " + Intruder.class.getPackageName());
            return;
        }
        MethodHandles.Lookup agent = privateLookup("privateLookupIn(sink class)", sink.getClass());
        if (agent != null) {
            Class<?> intruder = step("Lookup.defineClass", () -> agent.defineClass(intruderBytes()));
            if (intruder != null) {
                ((List<?>) intruder.getMethod("reach").invoke(null)).forEach(System.out::println);
            }
        }
        // the loader of the sink's class defines classes into the agent's packages, if it lets the program ask it
        ClassLoader loader = sink.getClass().getClassLoader();
        MethodHandles.Lookup loaderClass = privateLookup("privateLookupIn(sink loader class)", loader.getClass());
        if (loaderClass != null) {
            step("ClassLoader.defineClass", () -> {
                byte[] bytes = intruderBytes();
                return (Class<?>) loaderClass.findVirtual(ClassLoader.class, "defineClass", MethodType.methodType(
                        Class.class, String.class, byte[].class, int.class, int.class))
                        .invoke(loader, Intruder.class.getName(), bytes, 0, bytes.length);
            });
        }
    }

    private static MethodHandles.Lookup privateLookup(String name, Class<?> target) {
        return step(name, () -> MethodHandles.privateLookupIn(target, MethodHandles.lookup()));
    }

    private static byte[] intruderBytes() throws IOException {
        try (InputStream in = BridgeSinkReach.class.getClassLoader()
                .getResourceAsStream(Intruder.class.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** The step's result, printed {@code reached}; null, printed {@code refused}, if it threw. */
    private static <T> T step(String name, Step<T> step) {
        try {
            T result = step.run();
            System.out.println(name + " reached");
            return result;
        } catch (Throwable refused) {
            System.out.println(name + " refused " + refused.getClass().getName());
            return null;
        }
    }

    private interface Step<T> {
        T run() throws Throwable;
    }
}
