package tcptrace.agent.instrument;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Names, once per class and loader, the hook points a third-party class lacks (another version of the library
 * than the agent knows): one stderr line with the library's version and the calls that go untraced. The class is
 * woven with the hooks it has; nothing is thrown into the application.
 */
final class MissingHooks {
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    AgentBuilder.Transformer check(ThirdPartyStack stack, HookedClass hooked) {
        return (builder, type, loader, module, domain) -> {
            List<String> absent = absent(type, hooked);
            if (!absent.isEmpty() && reported.add(type.getName() + '@' + System.identityHashCode(loader))) {
                System.err.println("tcptrace: " + stack.name() + " " + version(domain) + ": " + type.getName()
                        + " has no " + String.join(", ", absent) + ": those calls are not traced");
            }
            return builder;
        };
    }

    static List<String> absent(TypeDescription type, HookedClass hooked) {
        List<String> absent = new ArrayList<>();
        for (Hook h : hooked.hooks()) {
            if (type.getDeclaredMethods().filter(h.matcher()).isEmpty()) {
                absent.add(h.method());
            }
        }
        return absent;
    }

    /** The Implementation-Version of the jar the class comes from, as libraries' jars state it. */
    private static String version(ProtectionDomain domain) {
        CodeSource source = domain == null ? null : domain.getCodeSource();
        try {
            File jar = source == null || source.getLocation() == null ? null
                    : new File(source.getLocation().toURI());
            if (jar != null && jar.isFile()) {
                try (JarFile f = new JarFile(jar)) {
                    Manifest m = f.getManifest();
                    String v = m == null ? null : m.getMainAttributes().getValue("Implementation-Version");
                    if (v != null) {
                        return v;
                    }
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException unknown) {
            // the line goes out all the same, without the version
        }
        return "(version unknown)";
    }
}
