package tcptrace.agent;

import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URISyntaxException;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
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
    /** The agent's private folder in its jar. */
    private static final String FOLDER = "agent/";

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
        // method handles called exactly, not Method.invoke: on JDK 18+ a reflective call of this seven-argument
        // method spins some thirty method-handle classes at every start, an exact call a few
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Class<?> unsafeClass = Class.forName(UNSAFE);
        MethodHandle getUnsafe = lookup.findStatic(unsafeClass, "getUnsafe", MethodType.methodType(unsafeClass))
                .asType(MethodType.methodType(Object.class));
        MethodHandle define = lookup.findVirtual(unsafeClass, "defineClass", MethodType.methodType(Class.class,
                        String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class))
                .asType(MethodType.methodType(Class.class, Object.class, String.class, byte[].class, int.class,
                        int.class, ClassLoader.class, ProtectionDomain.class));
        try (JarInputStream jar = new JarInputStream(nestedJar())) {
            Object unsafe = (Object) getUnsafe.invokeExact();
            for (JarEntry e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
                String path = e.getName();
                if (path.endsWith(".class")) {
                    byte[] bytes = jar.readAllBytes();
                    String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
                    Class<?> defined = (Class<?>) define.invokeExact(unsafe, name, bytes, 0, bytes.length,
                            (ClassLoader) null, (ProtectionDomain) null);
                    if (defined.getClassLoader() != null) {
                        throw new IllegalStateException(name + " was not defined by the bootstrap class loader");
                    }
                }
            }
        } catch (IOException | ReflectiveOperationException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot define the bootstrap bridge: " + t, t);
        }
        // the agent's module implements and calls the bridge: a named module reads an unnamed one only if told
        BootstrapBridge.class.getModule().addReads(Class.forName(BRIDGE_CLASS, false, null).getModule());
    }

    /**
     * The nested jar, read from the agent's jar as a file: the agent's class loader would serve it through a
     * {@code jar:} URL, whose connection classes are a dozen more loaded at every start.
     */
    private static InputStream nestedJar() throws IOException {
        JarFile agentJar;
        try {
            agentJar = new JarFile(new File(BootstrapBridge.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI()), false);
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot find the agent jar: " + e, e);
        }
        JarEntry entry = agentJar.getJarEntry(FOLDER + RESOURCE.substring(1));
        if (entry == null) {
            agentJar.close();
            throw new IOException(RESOURCE.substring(1) + " is missing from the agent jar");
        }
        return new FilterInputStream(agentJar.getInputStream(entry)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    agentJar.close();
                }
            }
        };
    }
}
