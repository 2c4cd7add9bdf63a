package tcptrace.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Hands the JDK's socket classes to the weaver, which is built the first time one of them is loaded or
 * retransformed and no earlier JVM left its woven form in the cache. Building it loads about a thousand Byte Buddy
 * classes: a JVM that never opens a socket never pays for them, one that does pays once, when it first needs a
 * socket rather than before its {@code main}, and later JVMs of the same JDK and agent take the cached classes.
 * Every other class passes through untouched after one set look-up. A class woven only after another (its leader)
 * passes untouched until the leader is woven; then {@code followersDue} retransforms it, before the leader can
 * be used.
 */
final class WeaveOnFirstLoad implements ClassFileTransformer {
    private final Set<String> internalNames;
    private final Supplier<ClassFileTransformer> factory;
    private final WovenClassCache cache;
    private final AtomicBoolean woven = new AtomicBoolean();
    private final Runnable whenWoven;
    /** Internal names: follower to its leader. */
    private final Map<String, String> leaders;
    private final Set<String> wovenLeaders = ConcurrentHashMap.newKeySet();
    private final Consumer<Set<String>> followersDue;
    private volatile ClassFileTransformer weaver;
    private boolean failed;

    /**
     * @param internalNames the classes to weave, as {@code sun/nio/ch/NioSocketImpl}
     * @param cache         woven classes of earlier JVMs, or null
     * @param whenWoven     runs once the first class is woven, on the thread that loads it: it must not wait for
     *                      anything
     * @param leaders       internal names, of a class woven only after another to that other
     * @param followersDue  given the followers of a leader just woven, on the thread that loads it, before the
     *                      leader is defined
     */
    WeaveOnFirstLoad(Set<String> internalNames, Supplier<ClassFileTransformer> factory, WovenClassCache cache,
                     Runnable whenWoven, Map<String, String> leaders, Consumer<Set<String>> followersDue) {
        this.internalNames = Set.copyOf(internalNames);
        this.leaders = Map.copyOf(leaders);
        this.followersDue = followersDue;
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
        String leader = leaders.get(className);
        if (leader != null && !wovenLeaders.contains(leader)) {
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
            if (result != null && leaders.containsValue(className) && wovenLeaders.add(className)) {
                followersDue.accept(followersOf(className));
            }
            return result;
        } catch (Throwable t) {
            // a class left as it is only goes untraced; the application must load it all the same
            System.err.println("tcptrace: cannot instrument " + className.replace('/', '.') + ": " + t);
            return null;
        }
    }

    /** {@code leader} (internal name) is loaded and about to be retransformed together with its followers. */
    void leaderLoaded(String leader) {
        if (leaders.containsValue(leader)) {
            wovenLeaders.add(leader);
        }
    }

    private Set<String> followersOf(String leader) {
        Set<String> followers = new java.util.HashSet<>();
        leaders.forEach((follower, l) -> {
            if (l.equals(leader)) {
                followers.add(follower);
            }
        });
        return followers;
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
