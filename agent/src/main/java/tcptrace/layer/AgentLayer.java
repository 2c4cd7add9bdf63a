package tcptrace.layer;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Makes the agent's classes a named module, {@value #MODULE}, in a module layer of its own, before any of them is
 * loaded. The module opens no package, and exports one, its start's, to this class alone, so nobody can take a
 * private look-up into its classes; its class loader is the JDK's, which no code outside java.base can make define
 * a class among them. What java.base opens to the agent stays the agent's, even for code that holds one of the
 * agent's objects (the bootstrap bridge's sink is in every application's reach).
 *
 * <p>The relocated Byte Buddy is a second module, {@value #BYTE_BUDDY}, that exports all its packages: the classes
 * it generates at run time live in class loaders of their own and must see it. It is given nothing of the JDK's,
 * so that using it gains the application no more than its own copy of Byte Buddy would. This class is the one the
 * agent's loader holds outside both, in that loader's unnamed module, to which java.base grants nothing either.
 */
public final class AgentLayer {
    static final String MODULE = "tcptrace.agent";
    /** The relocated Byte Buddy: a module of its own that exports all, as Byte Buddy's own jar does. */
    private static final String BYTE_BUDDY = "tcptrace.bytebuddy";
    private static final String BYTE_BUDDY_PREFIX = "tcptrace.shaded.";
    private static final String START = "tcptrace.agent.AgentStart";
    private static final String FOLDER = "agent/";
    private static final String CLASS_DATA = ".classdata";
    /** The packages of {@value #FOLDER}, one a line, written by the build. */
    private static final String PACKAGES = FOLDER + "tcptrace/layer/packages";

    private AgentLayer() {
    }

    public static void premain(String args, Instrumentation inst) throws Exception {
        start("premain", args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) throws Exception {
        start("agentmain", args, inst);
    }

    private static void start(String method, String args, Instrumentation inst) throws Exception {
        ModuleLayer.Controller layer = define();
        Module agent = layer.layer().findModule(MODULE).orElseThrow();
        // the start alone, and to this class's module alone: the application's unnamed module stays outside
        layer.addExports(agent, START.substring(0, START.lastIndexOf('.')), AgentLayer.class.getModule());
        Class.forName(START, true, layer.layer().findLoader(MODULE))
                .getMethod(method, String.class, Instrumentation.class)
                .invoke(null, args, inst);
    }

    private static ModuleLayer.Controller define() throws IOException, URISyntaxException {
        Path jar = Path.of(AgentLayer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JarFile file = new JarFile(jar.toFile(), false);
        // loops, not streams: each lambda is a class spun at the application's start
        Set<String> agentPackages = new HashSet<>();
        Set<String> byteBuddyPackages = new HashSet<>();
        for (String pkg : packages(file)) {
            if (pkg.startsWith(BYTE_BUDDY_PREFIX)) {
                byteBuddyPackages.add(pkg);
            } else if (!pkg.equals(AgentLayer.class.getPackageName())) {
                agentPackages.add(pkg);
            }
        }
        ModuleDescriptor.Builder byteBuddy = ModuleDescriptor.newModule(BYTE_BUDDY).requires("java.instrument");
        for (String pkg : byteBuddyPackages) {
            byteBuddy.exports(pkg);
        }
        ModuleDescriptor.Builder agent = ModuleDescriptor.newModule(MODULE)
                .requires("java.instrument")
                .requires(BYTE_BUDDY)
                .packages(agentPackages);
        if (ModuleLayer.boot().findModule("jdk.jfr").isPresent()) {
            agent.requires("jdk.jfr");
        }
        ModuleReference agentModule = new AgentModule(agent.build(), jar.toUri(), file);
        ModuleReference byteBuddyModule = new AgentModule(byteBuddy.build(), jar.toUri(), file);
        ModuleFinder finder = new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String name) {
                return name.equals(MODULE) ? Optional.of(agentModule)
                        : name.equals(BYTE_BUDDY) ? Optional.of(byteBuddyModule) : Optional.empty();
            }

            @Override
            public Set<ModuleReference> findAll() {
                return Set.of(agentModule, byteBuddyModule);
            }
        };
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of(MODULE));
        // the JDK's own loader for modules: no application code can make it define a class among the agent's, as
        // it could with a loader of a class on its class path (ClassLoader.defineClass through a private look-up)
        return ModuleLayer.defineModulesWithOneLoader(configuration, List.of(ModuleLayer.boot()),
                ClassLoader.getPlatformClassLoader());
    }

    /**
     * The packages of the jar's {@code agent/} folder, as the build listed them in {@value #PACKAGES}: reading the
     * list is a read of one small entry, where finding them by walking the jar's entries (some 8,000, the tracer's
     * among them) took 20 ms of every traced JVM's start-up.
     */
    private static List<String> packages(JarFile jar) throws IOException {
        JarEntry list = jar.getJarEntry(PACKAGES);
        if (list == null) {
            throw new IOException(PACKAGES + " is missing from the agent jar");
        }
        String text;
        try (InputStream in = jar.getInputStream(list)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> packages = new ArrayList<>();
        for (int from = 0, to; from < text.length(); from = to + 1) {
            to = text.indexOf('\n', from);
            to = to < 0 ? text.length() : to;
            String line = text.substring(from, to).strip();
            if (!line.isEmpty()) {
                packages.add(line);
            }
        }
        return packages;
    }

    /** A module of the agent's, its classes and resources read from the jar's {@code agent/} folder. */
    private static final class AgentModule extends ModuleReference {
        private final JarFile jar;

        AgentModule(ModuleDescriptor descriptor, URI location, JarFile jar) {
            super(descriptor, location);
            this.jar = jar;
        }

        @Override
        public ModuleReader open() {
            return new ModuleReader() {
                @Override
                public Optional<URI> find(String name) {
                    Optional<JarEntry> entry = entry(name);
                    return entry.isEmpty() ? Optional.empty()
                            : Optional.of(URI.create("jar:" + location().orElseThrow() + "!/" + entry.get().getName()));
                }

                @Override
                public Optional<InputStream> open(String name) throws IOException {
                    Optional<JarEntry> entry = entry(name);
                    return entry.isEmpty() ? Optional.empty() : Optional.of(jar.getInputStream(entry.get()));
                }

                /** The module's classes, found by a walk of the jar: nothing at start-up asks for them. */
                @Override
                public Stream<String> list() {
                    return classesOf(descriptor().packages());
                }

                @Override
                public void close() {
                    // the jar stays open for the JVM's life: the module's classes load from it on demand
                }
            };
        }

        private Stream<String> classesOf(Set<String> packages) {
            List<String> classes = new ArrayList<>();
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                int slash = name.lastIndexOf('/');
                if (name.startsWith(FOLDER) && name.endsWith(CLASS_DATA) && slash > FOLDER.length()
                        && packages.contains(name.substring(FOLDER.length(), slash).replace('/', '.'))) {
                    classes.add(name.substring(FOLDER.length(), name.length() - CLASS_DATA.length()) + ".class");
                }
            }
            return classes.stream();
        }

        private Optional<JarEntry> entry(String name) {
            String stored = name.endsWith(".class")
                    ? name.substring(0, name.length() - ".class".length()) + CLASS_DATA
                    : name;
            return Optional.ofNullable(jar.getJarEntry(FOLDER + stored));
        }
    }
}
