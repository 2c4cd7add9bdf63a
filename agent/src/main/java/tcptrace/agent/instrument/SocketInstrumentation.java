package tcptrace.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.io.File;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the advice into the JDK's socket classes. Retransformation, so that classes loaded before the agent
 * (always the case for an attach) get it too; class formats stay unchanged, as retransformation requires.
 */
public final class SocketInstrumentation {
    private static final List<JdkClassInstrumentation> ALL = List.of(
            new NioSocketImplInstrumentation(),
            new SocketChannelImplInstrumentation(),
            new ServerSocketChannelImplInstrumentation(),
            new SocketDispatcherInstrumentation(),
            new NetInstrumentation());

    private SocketInstrumentation() {
    }

    /**
     * Registers the weaving; the socket classes already loaded (after an attach, or when something loaded them
     * before the agent) are woven now, the others as they load. The caller has made java.base read the bridge's
     * module already.
     *
     * @param whenWoven runs once the first class is woven, on that thread; it must not wait for anything
     */
    public static void install(Instrumentation inst, Runnable whenWoven) throws UnmodifiableClassException {
        Set<String> names = new HashSet<>();
        Set<String> internalNames = new HashSet<>();
        for (JdkClassInstrumentation i : ALL) {
            for (String name : i.classNames()) {
                names.add(name);
                internalNames.add(name.replace('.', '/'));
            }
        }
        WovenClassCache cache = WovenClassCache.open(System.getProperty(WovenClassCache.DIRECTORY_PROPERTY),
                agentBuild());
        inst.addTransformer(new WeaveOnFirstLoad(internalNames, () -> weaver(names), cache, whenWoven), true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() == null && names.contains(c.getName())) {
                loaded.add(c);
            }
        }
        if (!loaded.isEmpty()) {
            inst.retransformClasses(loaded.toArray(new Class<?>[0]));
        }
    }

    /**
     * The agent's jar as path, size and modification time: a rebuilt agent does not take classes woven by the old.
     * Null when the agent is not in a jar: then nothing is cached.
     */
    private static String agentBuild() {
        try {
            File jar = new File(SocketInstrumentation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.isFile() ? jar.getPath() + ' ' + jar.length() + ' ' + jar.lastModified() : null;
        } catch (URISyntaxException | RuntimeException unknown) {
            return null;
        }
    }

    private static ClassFileTransformer weaver(Set<String> names) {
        // Advice is inlined and class formats stay frozen, so Byte Buddy's Nexus (type initializers injected into
        // loaders) is never used; left enabled, setting it up reaches for sun.misc.Unsafe, which JDK 24+ warns about
        // (the property's name is Byte Buddy's net.bytebuddy.nexus.disabled, as relocated into tcptrace's namespace)
        System.setProperty(AgentBuilder.class.getPackageName().replace(".agent.builder", ".nexus.disabled"), "true");
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new OneLineErrors())
                // the default ignores the bootstrap loader; here it is exactly the hooked classes that count
                .ignore(not(namedOneOf(names.toArray(String[]::new))));
        ClassFileLocator advice = ClassFileLocator.ForClassLoader.of(SocketInstrumentation.class.getClassLoader());
        for (JdkClassInstrumentation i : ALL) {
            builder = builder.type(namedOneOf(i.classNames().toArray(String[]::new)))
                    .transform(i.transformer(new AgentBuilder.Transformer.ForAdvice().include(advice)));
        }
        return builder.makeRaw();
    }

    /** A class that cannot be instrumented is one line on stderr: its sockets go untraced, the rest still works. */
    private static final class OneLineErrors extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable t) {
            System.err.println("tcptrace: cannot instrument " + typeName + ": " + t);
        }
    }
}
