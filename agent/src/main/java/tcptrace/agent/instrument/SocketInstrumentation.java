package tcptrace.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the advice into the JDK's socket classes. Retransformation, so that classes loaded before the agent
 * (always the case for an attach) get it too; class formats stay unchanged, as retransformation requires. The
 * caller has made java.base read the bridge's module already.
 */
public final class SocketInstrumentation {
    /** Byte Buddy's {@code net.bytebuddy.nexus.disabled}, as relocated into tcptrace's own namespace. */
    private static final String NEXUS_DISABLED = AgentBuilder.class.getPackageName().replace(".agent.builder", "")
            + ".nexus.disabled";
    private static final List<JdkClassInstrumentation> ALL = List.of(
            new NioSocketImplInstrumentation(),
            new SocketChannelImplInstrumentation(),
            new ServerSocketChannelImplInstrumentation(),
            new SocketDispatcherInstrumentation());

    private SocketInstrumentation() {
    }

    public static void install(Instrumentation inst) {
        // Advice is inlined and class formats stay frozen, so Byte Buddy's Nexus (type initializers injected into
        // loaders) is never used; left enabled, setting it up reaches for sun.misc.Unsafe, which JDK 24+ warns about
        System.setProperty(NEXUS_DISABLED, "true");
        List<String> names = new ArrayList<>();
        ALL.forEach(i -> names.addAll(i.classNames()));
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
        builder.installOn(inst);
    }

    /** A class that cannot be instrumented is one line on stderr: its sockets go untraced, the rest still works. */
    private static final class OneLineErrors extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable t) {
            System.err.println("tcptrace: cannot instrument " + typeName + ": " + t);
        }
    }
}
