package tcptrace.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Hands the JDK's socket classes to the weaver, which is built the first time one of them is loaded or
 * retransformed. Building it loads about a thousand Byte Buddy classes: a JVM that never opens a socket never pays
 * for them, and one that does pays once, when it first needs a socket rather than before its {@code main}. Every
 * other class passes through untouched after one set look-up.
 */
final class WeaveOnFirstLoad implements ClassFileTransformer {
    private final Set<String> internalNames;
    private final Supplier<ClassFileTransformer> factory;
    private final Runnable whenBuilt;
    private volatile ClassFileTransformer weaver;
    private boolean failed;

    /**
     * @param internalNames the classes to weave, as {@code sun/nio/ch/NioSocketImpl}
     * @param whenBuilt     runs once the weaver is built, on the thread that loads the first socket class: it must
     *                      not wait for anything
     */
    WeaveOnFirstLoad(Set<String> internalNames, Supplier<ClassFileTransformer> factory, Runnable whenBuilt) {
        this.internalNames = Set.copyOf(internalNames);
        this.factory = factory;
        this.whenBuilt = whenBuilt;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        // the JDK's own classes only: an application class of the same name is not ours to touch
        if (loader != null || className == null || !internalNames.contains(className)) {
            return null;
        }
        try {
            ClassFileTransformer w = weaver();
            return w == null ? null
                    : w.transform(module, null, className, classBeingRedefined, protectionDomain, classfileBuffer);
        } catch (Throwable t) {
            // a class left as it is only goes untraced; the application must load it all the same
            System.err.println("tcptrace: cannot instrument " + className.replace('/', '.') + ": " + t);
            return null;
        }
    }

    private ClassFileTransformer weaver() {
        ClassFileTransformer w = weaver;
        return w != null ? w : build();
    }

    private synchronized ClassFileTransformer build() {
        if (weaver == null && !failed) {
            try {
                weaver = factory.get();
                whenBuilt.run();
            } catch (Throwable t) {
                failed = true;
                System.err.println("tcptrace: cannot instrument the JDK's socket classes: " + t);
            }
        }
        return weaver;
    }
}
