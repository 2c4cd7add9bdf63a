package tcptrace.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * Defines the bridge ({@code tcptrace.agent.bootstrap}) in the bootstrap class loader, where advice inlined into
 * java.base can link to it. The classes travel as {@code tcptrace-bootstrap.jar} in the agent's private folder and
 * are defined straight from memory. Appending that jar to the bootstrap class path would do too, but it turns class
 * data sharing off for every other loader (slower start-up of the application, and a warning from the JVM).
 */
final class BootstrapBridge {
    static final String BRIDGE_CLASS = "tcptrace.agent.bootstrap.SocketProbes";
    private static final String RESOURCE = "/tcptrace-bootstrap.jar";
    private static final String UNSAFE = "jdk.internal.misc.Unsafe";

    private BootstrapBridge() {
    }

    /** Whether an earlier start (perhaps from another copy of the jar) installed the bridge's sink already. */
    static boolean alreadyActive() {
        try {
            Class<?> probes = Class.forName(BRIDGE_CLASS, false, null);
            return (Boolean) probes.getMethod("installed").invoke(null);
        } catch (ClassNotFoundException notYet) {
            return false;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("unexpected bridge class in the bootstrap class loader: " + e, e);
        }
    }

    /**
     * Defines every bridge class before any is used: the bootstrap loader cannot find them by name later, so the
     * first link from one to another must find it defined already. The JDK's own way to define a class in that
     * loader is {@code jdk.internal.misc.Unsafe}, which java.base exports for this to the agent's module alone.
     */
    static void define(Instrumentation inst) throws IOException, ReflectiveOperationException {
        inst.redefineModule(Object.class.getModule(), Set.of(),
                Map.of(UNSAFE.substring(0, UNSAFE.lastIndexOf('.')), Set.of(BootstrapBridge.class.getModule())),
                Map.of(), Set.of(), Map.of());
        Class<?> unsafeClass = Class.forName(UNSAFE);
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        InputStream in = BootstrapBridge.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IOException(RESOURCE.substring(1) + " is missing from the agent jar");
        }
        try (JarInputStream jar = new JarInputStream(in)) {
            for (JarEntry e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
                String path = e.getName();
                if (path.endsWith(".class")) {
                    byte[] bytes = jar.readAllBytes();
                    String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
                    define.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
                }
            }
        }
        // the agent's module implements and calls the bridge: a named module reads an unnamed one only if told
        BootstrapBridge.class.getModule().addReads(Class.forName(BRIDGE_CLASS, false, null).getModule());
    }
}
