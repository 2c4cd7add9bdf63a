package tcptrace.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The one class of tcptrace that the application's class loader can see: the {@code Premain-Class},
 * {@code Agent-Class} and {@code Main-Class} of the jar. Everything else sits in private folders of the jar, class
 * files stored as {@code .classdata} so that class-path scanners pass them by, and is loaded by an instance of this
 * class (or, the agent's runtime, by the JDK's module loader that one sets up), which is why the entry point is
 * itself the class loader: a second class would be a second one in sight.
 * <ul>
 * <li>{@code agent/}: the agent, its journal writer and the relocated Byte Buddy. A loader whose parent is the
 * platform loader holds {@code tcptrace.layer.AgentLayer}, which makes the rest named modules in a layer of their
 * own, defined by a class loader of the JDK's (the platform loader's child too): the application's classes never
 * mix with the agent's, and what java.base opens to the agent goes to its module only, which opens nothing.</li>
 * <li>{@code inst/}: the tracer CLI and its libraries ({@code java -jar tcptrace.jar}), in a loader that reads
 * {@code inst/} and then {@code agent/} (the tracer reads journals through the agent's own classes), its parent the
 * system loader (the attach API is defined there).</li>
 * </ul>
 * The agent's start is {@code tcptrace.agent.AgentStart}; this class only finds the way there. Too early for
 * logging: a failure is one line on stderr, and the application runs on as if no agent were there.
 */
public final class TcptraceAgent extends ClassLoader {
    private static final String AGENT_FOLDER = "agent/";
    private static final String TRACER_FOLDER = "inst/";
    private static final String CLASS_DATA = ".classdata";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final String jarUrl;
    private final List<String> folders;
    private final ProtectionDomain domain;

    private TcptraceAgent(String name, Path jarPath, ClassLoader parent, List<String> folders) throws IOException {
        super(name, parent);
        this.jar = new JarFile(jarPath.toFile(), false);
        URL location = jarPath.toUri().toURL();
        this.jarUrl = "jar:" + location + "!/";
        this.folders = folders;
        // the code source is the jar itself: the weave cache knows a rebuilt agent by it
        this.domain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
    }

    public static void premain(String args, Instrumentation inst) {
        startAgent("premain", args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        startAgent("agentmain", args, inst);
    }

    /** {@code java -jar tcptrace.jar}: the tracer CLI. */
    public static void main(String[] args) throws Throwable {
        Class<?> cli;
        try {
            TcptraceAgent loader = new TcptraceAgent("tcptrace-cli", ownJar(), ClassLoader.getSystemClassLoader(),
                    List.of(TRACER_FOLDER, AGENT_FOLDER));
            Thread.currentThread().setContextClassLoader(loader);
            cli = Class.forName("tcptrace.cli.Tcptrace", true, loader);
        } catch (IOException | URISyntaxException | RuntimeException | ClassNotFoundException e) {
            System.err.println("tcptrace: cannot start the tracer from this jar (" + e + ")");
            System.exit(2);
            return;
        }
        try {
            cli.getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Calls the method of the same name and signature in the agent's loader, which makes the agent's classes a
     * named module there and starts it: the JVM has just called this one reflectively, so the next calls reuse the
     * method-handle forms the first made (JDK 18+), for no start-up time.
     */
    private static void startAgent(String method, String args, Instrumentation inst) {
        try {
            TcptraceAgent loader = new TcptraceAgent("tcptrace-agent", ownJar(),
                    ClassLoader.getPlatformClassLoader(), List.of(AGENT_FOLDER));
            Class.forName("tcptrace.layer.AgentLayer", true, loader)
                    .getMethod(method, String.class, Instrumentation.class)
                    .invoke(null, args, inst);
        } catch (InvocationTargetException e) {
            System.err.println("tcptrace: agent off: " + e.getCause());
        } catch (Throwable t) {
            System.err.println("tcptrace: agent off: " + t);
        }
    }

    private static Path ownJar() throws URISyntaxException {
        return Path.of(TcptraceAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * Own classes first: the folders hold nothing but tcptrace's classes (Byte Buddy relocated into them), so a name
     * found there is never the parent's, and the parent is not asked (a ClassNotFoundException thrown for each of
     * the agent's classes at start-up).
     */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                JarEntry entry = entry(name.replace('.', '/') + CLASS_DATA);
                c = entry == null ? getParent().loadClass(name) : define(name, entry);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> define(String name, JarEntry entry) throws ClassNotFoundException {
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0 && getDefinedPackage(name.substring(0, dot)) == null) {
            try {
                definePackage(name.substring(0, dot), null, null, null, null, null, null, null);
            } catch (IllegalArgumentException raced) {
                // defined by a parallel load
            }
        }
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    /** The parent's resource, else ours: read straight from the jar (Byte Buddy reads the advice classes so). */
    @Override
    public InputStream getResourceAsStream(String name) {
        InputStream fromParent = getParent().getResourceAsStream(name);
        if (fromParent != null) {
            return fromParent;
        }
        JarEntry entry = entry(storedName(name));
        try {
            return entry == null ? null : jar.getInputStream(entry);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    protected URL findResource(String name) {
        JarEntry entry = entry(storedName(name));
        return entry == null ? null : url(entry);
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        List<URL> urls = new ArrayList<>();
        for (String folder : folders) {
            JarEntry entry = jar.getJarEntry(folder + storedName(name));
            if (entry != null) {
                urls.add(url(entry));
            }
        }
        return Collections.enumeration(urls);
    }

    /** The first of the folders that holds {@code path}, or null. */
    private JarEntry entry(String path) {
        for (String folder : folders) {
            JarEntry entry = jar.getJarEntry(folder + path);
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    private static String storedName(String resource) {
        return resource.endsWith(".class")
                ? resource.substring(0, resource.length() - ".class".length()) + CLASS_DATA
                : resource;
    }

    private URL url(JarEntry entry) {
        try {
            return new URL(jarUrl + entry.getName());
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
