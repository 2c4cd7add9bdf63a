package tcptrace.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.io.File;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import tcptrace.agent.instrument.jdk.JdkStack;
import tcptrace.agent.instrument.netty.NettyStack;
import tcptrace.agent.instrument.uring.UringStack;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the advice into the JDK's socket classes. Retransformation, so that classes loaded before the agent
 * (always the case for an attach) get it too; class formats stay unchanged, as retransformation requires.
 */
public final class SocketInstrumentation {
    private static final List<ThirdPartyStack> THIRD_PARTY = List.of(new NettyStack(), new UringStack());
    /** At most this long a class load waits for its followers; past it they are woven a little later. */
    private static final long FOLLOWERS_WAIT_MILLIS = 5_000;

    private SocketInstrumentation() {
    }

    /**
     * Registers the weaving; the socket classes already loaded (after an attach, or when something loaded them
     * before the agent) are woven now, the others as they load. The caller has made java.base read the bridge's
     * module already.
     *
     * @param whenWoven runs once the first JDK class is woven, on that thread; it must not wait for anything
     */
    public static void install(Instrumentation inst, Runnable whenWoven) throws UnmodifiableClassException {
        List<HookedClass> jdk = JdkStack.classes();
        Set<String> names = new HashSet<>();
        Set<String> internalNames = new HashSet<>();
        Map<String, String> leaders = new HashMap<>();
        for (HookedClass c : jdk) {
            names.add(c.name());
            internalNames.add(c.name().replace('.', '/'));
            if (c.after() != null) {
                leaders.put(c.name().replace('.', '/'), c.after().replace('.', '/'));
            }
        }
        WovenClassCache cache = WovenClassCache.open(System.getProperty(WovenClassCache.DIRECTORY_PROPERTY),
                agentBuild());
        WeaveOnFirstLoad weaving = new WeaveOnFirstLoad(internalNames, () -> jdkWeaver(jdk, names), cache,
                whenWoven, leaders, followers -> retransformNow(inst, followers));
        inst.addTransformer(weaving, true);
        ThirdPartyWeaving thirdParty = new ThirdPartyWeaving(THIRD_PARTY, () -> thirdPartyWeaver(THIRD_PARTY));
        inst.addTransformer(thirdParty, true);
        // one look at the loaded classes for both, taken once both transformers see every class loaded after it
        Class<?>[] all = inst.getAllLoadedClasses();
        List<Class<?>> loaded = worthRetransforming(loadedJdkClasses(all, internalNames), leaders);
        for (Class<?> c : loaded) {
            // woven in this same batch with their followers, rather than asking for them from inside it
            weaving.leaderLoaded(c.getName().replace('.', '/'));
        }
        if (!loaded.isEmpty()) {
            inst.retransformClasses(loaded.toArray(new Class<?>[0]));
        }
        retransformThirdParty(inst, thirdParty, all);
    }

    /**
     * The loaded classes less the followers whose leader is not loaded: the transformer leaves those as they are
     * (the leader's weaving retransforms them later), and a retransformation that changes nothing still costs the
     * JVM a class file rebuilt from the loaded class, at every start (IOUtil, which the journal's file channel loads
     * before the agent installs its weaving).
     */
    static List<Class<?>> worthRetransforming(List<Class<?>> loaded, Map<String, String> leaders) {
        Set<String> loadedNames = new HashSet<>();
        for (Class<?> c : loaded) {
            loadedNames.add(c.getName().replace('.', '/'));
        }
        List<Class<?>> worth = new ArrayList<>();
        for (Class<?> c : loaded) {
            String leader = leaders.get(c.getName().replace('.', '/'));
            if (leader == null || loadedNames.contains(leader)) {
                worth.add(c);
            }
        }
        return worth;
    }

    /**
     * Retransforms the JDK classes named (internal names) that are loaded, before the class being loaded that asks
     * for them is defined: it may be used at once, and its followers must see its first bytes. On a thread of its
     * own, which the loading thread waits for (once, as it waits for the weaver to be built): a retransformation
     * asked for from inside the loading thread's transformation is not transformed.
     */
    private static void retransformNow(Instrumentation inst, Set<String> internalNames) {
        Thread t = new Thread(() -> {
            List<Class<?>> loaded = loadedJdkClasses(inst.getAllLoadedClasses(), internalNames);
            try {
                if (!loaded.isEmpty()) {
                    inst.retransformClasses(loaded.toArray(new Class<?>[0]));
                }
            } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                System.err.println("tcptrace: cannot instrument " + loaded + ": " + e);
            }
        }, "tcptrace-weave");
        t.setDaemon(true);
        t.start();
        try {
            t.join(FOLLOWERS_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the application's interrupt stays its own
        }
    }

    private static List<Class<?>> loadedJdkClasses(Class<?>[] all, Set<String> internalNames) {
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : all) {
            if (c.getClassLoader() == null && internalNames.contains(c.getName().replace('.', '/'))) {
                loaded.add(c);
            }
        }
        return loaded;
    }

    /** Third-party stacks are woven as their loaders define them; those already loaded (an attach) now. */
    private static void retransformThirdParty(Instrumentation inst, ThirdPartyWeaving weaving, Class<?>[] all) {
        for (Class<?> c : all) {
            if (c.getClassLoader() != null && weaving.mayBeHooked(c.getName())
                    && weaving.hooked(c.getName().replace('.', '/'))) {
                try {
                    inst.retransformClasses(c);
                } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                    System.err.println("tcptrace: cannot instrument " + c.getName() + ": " + e);
                }
            }
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

    private static ClassFileTransformer jdkWeaver(List<HookedClass> classes, Set<String> names) {
        // the default ignores the bootstrap loader; here it is exactly the hooked classes that count
        AgentBuilder builder = newBuilder().ignore(not(namedOneOf(names.toArray(String[]::new))));
        for (HookedClass c : classes) {
            builder = builder.type(named(c.name())).transform(advice(c));
        }
        return builder.makeRaw();
    }

    /**
     * Each class is matched by its name in the library or a relocated copy of it, checked for its hook points (a
     * version without some is named on stderr once), and woven.
     */
    private static ClassFileTransformer thirdPartyWeaver(List<ThirdPartyStack> stacks) {
        AgentBuilder builder = newBuilder();
        MissingHooks missing = new MissingHooks();
        for (ThirdPartyStack s : stacks) {
            for (HookedClass c : s.classes()) {
                builder = builder.type(new RelocatableName(c.name()))
                        .transform(missing.check(s, c))
                        .transform(advice(c));
            }
        }
        return builder.makeRaw();
    }

    private static AgentBuilder newBuilder() {
        // Advice is inlined and class formats stay frozen, so Byte Buddy's Nexus (type initializers injected into
        // loaders) is never used; left enabled, setting it up reaches for sun.misc.Unsafe, which JDK 24+ warns about
        // (the property's name is Byte Buddy's net.bytebuddy.nexus.disabled, as relocated into tcptrace's namespace)
        System.setProperty(AgentBuilder.class.getPackageName().replace(".agent.builder", ".nexus.disabled"), "true");
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new OneLineErrors());
    }

    private static AgentBuilder.Transformer advice(HookedClass c) {
        AgentBuilder.Transformer.ForAdvice t = new AgentBuilder.Transformer.ForAdvice()
                .include(ClassFileLocator.ForClassLoader.of(SocketInstrumentation.class.getClassLoader()));
        for (Hook h : c.hooks()) {
            t = t.advice(h.matcher(), h.advice());
        }
        return t;
    }

    /** A type named {@code name}, or a relocated copy of it: any package prefix before the original name. */
    private static final class RelocatableName extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
        private final String name;

        RelocatableName(String name) {
            this.name = name;
        }

        @Override
        public boolean matches(TypeDescription target) {
            return ThirdPartyWeaving.isNamed(target.getName(), name, '.');
        }
    }

    /** A class that cannot be instrumented is one line on stderr: its sockets go untraced, the rest still works. */
    private static final class OneLineErrors extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable t) {
            System.err.println("tcptrace: cannot instrument " + typeName + ": " + t);
        }
    }
}
