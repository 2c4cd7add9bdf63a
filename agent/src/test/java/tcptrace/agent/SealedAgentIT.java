package tcptrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;
import tcptrace.journal.JvmJournal;
import tcptrace.testapp.BridgeSinkReach;
import tcptrace.testapp.JarClassVisibility;
import tcptrace.testapp.JdkReach;
import tcptrace.testapp.NoSockets;

/**
 * The agent leaves the JDK's encapsulation and the application's class path as they were: with it, loaded at start
 * or attached, application code reaches no more of the JDK than without it, its class loader finds one class of the
 * agent's jar (the entry class; the bootstrap bridge is in every loader's sight by design), and class data sharing
 * still serves the application's classes; the agent's own classes, behind the bridge's sink, take no class of the
 * application among them.
 */
class SealedAgentIT {
    private static final String ENTRY_CLASS = "tcptrace.agent.TcptraceAgent";
    private static final String BRIDGE_PACKAGE = "tcptrace.agent.bootstrap.";

    @TempDir
    Path tmp;

    enum Load { JAVAAGENT, ATTACH }

    static Stream<Arguments> jdksAndLoads() {
        return AgentIT.jdks().flatMap(jdk -> Stream.of(Load.values()).map(load -> Arguments.of(jdk, load)));
    }

    static Stream<String> jdks() {
        return AgentIT.jdks();
    }

    @ParameterizedTest
    @MethodSource("jdksAndLoads")
    void applicationReachesNoMoreOfTheJdkWithTheAgentThanWithout(String jdk, Load load) throws Exception {
        List<String> without = run(jdk, null, JdkReach.class);
        assertThat(without).as("every probe refused without the agent, for want of access (not of a member)")
                .hasSize(12).allMatch(l -> l.endsWith(" refused java.lang.reflect.InaccessibleObjectException")
                        || l.endsWith(" refused java.lang.IllegalAccessException"));

        List<String> with = run(jdk, load, JdkReach.class);

        assertThat(with).isEqualTo(without);
        assertThat(JournalEvents.events(journal(load))).extracting(SocketEvent::kind)
                .as("the agent traced the program's connection").contains(EventKind.CONNECT, EventKind.ACCEPT,
                        EventKind.CLOSE);
    }

    /**
     * The bridge's sink is in the application's reach (the bootstrap loader's unnamed module is open), and so is the
     * agent's class behind it, and its class loader; the agent's module opens nothing, and its loader is the JDK's,
     * so no private look-up into either class is given, and no class of the application can join the agent's to
     * use what java.base opened to them.
     */
    @ParameterizedTest
    @MethodSource("jdksAndLoads")
    void applicationCannotJoinTheAgentsClassesThroughTheBridgesSink(String jdk, Load load) throws Exception {
        List<String> out = run(jdk, load, BridgeSinkReach.class);

        assertThat(out.get(0)).as("the sink read from the bridge").startsWith("sink tcptrace.agent.");
        assertThat(out.subList(1, out.size())).containsExactly(
                "privateLookupIn(sink class) refused java.lang.IllegalAccessException",
                "privateLookupIn(sink loader class) refused java.lang.IllegalAccessException");
        journal(load);
    }

    @ParameterizedTest
    @MethodSource("jdksAndLoads")
    void applicationClassLoaderFindsNoClassOfTheJarButTheEntry(String jdk, Load load) throws Exception {
        List<String> out = run(jdk, load, JarClassVisibility.class, ChildJvm.agentJar());

        assertThat(Integer.parseInt(out.get(0).substring("tried ".length())))
                .as("classes in the jar: the agent, its journal, Byte Buddy, the bridge").isGreaterThan(1000);
        List<String> visible = out.stream().skip(1).map(l -> l.substring("visible ".length())).toList();
        assertThat(visible).contains(ENTRY_CLASS);
        // the bridge is defined in the bootstrap loader, which every loader asks first: the designed exception
        assertThat(visible).filteredOn(n -> !n.equals(ENTRY_CLASS)).isNotEmpty()
                .allMatch(n -> n.startsWith(BRIDGE_PACKAGE), "in the bridge's package");
        journal(load);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void classDataSharingStillServesTheApplicationsClasses(String jdk) throws Exception {
        Path app = tmp.resolve("app.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(app))) {
            String entry = NoSockets.class.getName().replace('.', '/') + ".class";
            jar.putNextEntry(new JarEntry(entry));
            try (var in = NoSockets.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(jar);
            }
        }
        Path archive = tmp.resolve("app.jsa");
        try (ChildJvm dump = ChildJvm.startFrom(app, jdk, tmp, List.of("-XX:ArchiveClassesAtExit=" + archive),
                NoSockets.class)) {
            assertThat(dump.awaitExit()).as("archive dump; stderr: %s", dump.stderr()).isZero();
        }
        assertThat(archive).isRegularFile();
        Path log = tmp.resolve("cds.log");

        try (ChildJvm child = ChildJvm.startFrom(app, jdk, tmp, List.of("-XX:SharedArchiveFile=" + archive,
                "-Xlog:cds,class+load:file=" + log, agentOption()), NoSockets.class)) {
            assertThat(child.awaitExit()).as("stderr: %s", child.stderr()).isZero();
            assertThat(child.stderr()).singleElement().asString().startsWith("tcptrace: tracing TCP sockets");
        }

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).noneMatch(l -> l.contains("bootstrap classpath has been appended")
                || l.contains("bootclasspath was appended")
                || l.contains("Sharing is only supported for boot loader classes"));
        assertThat(lines).anyMatch(l -> l.contains(" " + ENTRY_CLASS + " source: "));
        assertThat(lines).filteredOn(l -> l.contains(" " + NoSockets.class.getName() + " source: "))
                .singleElement().asString().contains("source: shared objects file");
    }

    /** The program's stdout, run untraced ({@code load} null), under {@code -javaagent}, or attached at its start. */
    private List<String> run(String jdk, Load load, Class<?> app, String... args) throws Exception {
        List<String> jvmOptions = new ArrayList<>();
        List<String> appArgs = new ArrayList<>();
        if (load == Load.JAVAAGENT) {
            jvmOptions.add(agentOption());
        } else if (load == Load.ATTACH) {
            if (!jdk.equals(System.getProperty("java.home"))) {
                jvmOptions.add("-XX:+EnableDynamicAgentLoading");
            }
            appArgs.add("--wait");
        }
        appArgs.addAll(List.of(args));
        try (ChildJvm child = ChildJvm.start(jdk, tmp, jvmOptions, app, appArgs.toArray(String[]::new))) {
            if (load == Load.ATTACH) {
                child.awaitLine("ready ");
                VirtualMachine vm = VirtualMachine.attach(Long.toString(child.pid()));
                try {
                    vm.loadAgent(ChildJvm.agentJar(), agentArguments());
                } finally {
                    vm.detach();
                }
                child.sendLine("go");
            }
            assertThat(child.awaitExit()).as("exit; stderr: %s", child.stderr()).isZero();
            if (load != null) {
                assertThat(child.stderr()).filteredOn(l -> l.startsWith("tcptrace:")).singleElement().asString()
                        .startsWith("tcptrace: tracing TCP sockets");
            }
            return child.stdout().stream().filter(l -> !l.startsWith("ready ")).toList();
        }
    }

    /** The journal of the one traced run: the agent was there, and loaded the way the test says. */
    private JvmJournal journal(Load load) throws Exception {
        JvmJournal journal = JournalEvents.only(tmp.resolve("journal"));
        assertThat(journal.attached()).isEqualTo(load == Load.ATTACH);
        return journal;
    }

    private String agentOption() {
        return "-javaagent:" + ChildJvm.agentJar() + "=" + agentArguments();
    }

    private String agentArguments() {
        return "journal=" + tmp.resolve("journal") + ",off=jfr";
    }
}
