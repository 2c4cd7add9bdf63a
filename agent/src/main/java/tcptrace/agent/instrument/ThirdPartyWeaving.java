package tcptrace.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Hands the hooked classes of third-party stacks, as the application's loaders define or retransform them, to the
 * weaver, built the first time one of them comes; every other class passes after one substring test per stack. A
 * relocated copy ({@code io/grpc/netty/shaded/io/netty/...}) is matched by the name's suffix at a package boundary.
 */
final class ThirdPartyWeaving implements ClassFileTransformer {
    private final List<String> markers = new ArrayList<>();
    private final List<String> binaryMarkers = new ArrayList<>();
    /** Per marker, the internal names of the classes hooked under it. */
    private final List<List<String>> names = new ArrayList<>();
    private final Supplier<ClassFileTransformer> factory;
    private volatile ClassFileTransformer weaver;
    private boolean failed;

    ThirdPartyWeaving(List<ThirdPartyStack> stacks, Supplier<ClassFileTransformer> factory) {
        for (ThirdPartyStack s : stacks) {
            markers.add(s.packageMarker());
            binaryMarkers.add(s.packageMarker().replace('/', '.'));
            // a loop, not a stream: this runs in every traced JVM's start-up, and a stream loads some twenty classes
            List<String> internalNames = new ArrayList<>();
            for (HookedClass c : s.classes()) {
                internalNames.add(c.name().replace('.', '/'));
            }
            names.add(List.copyOf(internalNames));
        }
        this.factory = factory;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        // the bootstrap loader defines no third-party class; a JDK class of the same name is not one of them
        if (loader == null || className == null || !hooked(className)) {
            return null;
        }
        try {
            ClassFileTransformer w = weaver();
            return w == null ? null
                    : w.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
        } catch (Throwable t) {
            // a class left as it is only goes untraced; the application must load it all the same
            System.err.println("tcptrace: cannot instrument " + className.replace('/', '.') + ": " + t);
            return null;
        }
    }

    /** Whether the class of binary name {@code name} may be a hooked one: the test before any allocation. */
    boolean mayBeHooked(String name) {
        for (String marker : binaryMarkers) {
            if (name.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the class of {@code internalName} is one of the hooked ones, maybe relocated. */
    boolean hooked(String internalName) {
        for (int i = 0; i < markers.size(); i++) {
            if (internalName.contains(markers.get(i))) {
                for (String original : names.get(i)) {
                    if (isNamed(internalName, original, '/')) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether {@code name} is {@code original}, or a copy of it relocated under another package prefix. */
    static boolean isNamed(String name, String original, char separator) {
        return name.endsWith(original) && (name.length() == original.length()
                || name.charAt(name.length() - original.length() - 1) == separator);
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
                System.err.println("tcptrace: cannot instrument third-party network stacks: " + t);
            }
        }
        return weaver;
    }
}
