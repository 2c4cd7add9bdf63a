package tcptrace.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Hands the JDK's socket classes to the weaver, which is built the first time one of them is loaded or
 * retransformed and no earlier JVM left its woven form in the cache. Building it loads about a thousand Byte Buddy
 * classes: a JVM that never opens a socket never pays for them, one that does pays once, when it first needs a
 * socket rather than before its {@code main}, and later JVMs of the same JDK and agent take the cached classes.
 * Every other class passes through untouched after one set look-up.
 */
final class WeaveOnFirstLoad implements ClassFileTransformer {
    private final Set<String> internalNames;
    private final Supplier<ClassFileTransformer> factory;
    private final WovenClassCache cache;
    private final AtomicBoolean woven = new AtomicBoolean();
    private final Runnable whenWoven;
    private volatile ClassFileTransformer weaver;
    private boolean failed;

    /**
     * @param internalNames the classes to weave, as {@code sun/nio/ch/NioSocketImpl}
     * @param cache         woven classes of earlier JVMs, or null
     * @param whenWoven     runs once the first class is woven, on the thread that loads it: it must not wait for
     *                      anything
     */
    WeaveOnFirstLoad(Set<String> internalNames, Supplier<ClassFileTransformer> factory, WovenClassCache cache,
                     Runnable whenWoven) {
        this.internalNames = Set.copyOf(internalNames);
        this.factory = factory;
        this.cache = cache;
        this.whenWoven = whenWoven;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        // the JDK's own classes only: an application class of the same name is not ours to touch
        if (loader != null || className == null || !internalNames.contains(className)) {
            return null;
        }
        try {
            byte[] result = cache == null ? null : cache.find(className, classfileBuffer);
            if (result == null) {
                ClassFileTransformer w = weaver();
                result = w == null ? null
                        : w.transform(module, null, className, classBeingRedefined, protectionDomain, classfileBuffer);
                if (result != null && cache != null) {
                    cache.store(className, classfileBuffer, result);
                }
            }
            if (result != null && woven.compareAndSet(false, true)) {
                whenWoven.run();
            }
            return result;
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
            } catch (Throwable t) {
                failed = true;
                System.err.println("tcptrace: cannot instrument the JDK's socket classes: " + t);
            }
        }
        return weaver;
    }
}
