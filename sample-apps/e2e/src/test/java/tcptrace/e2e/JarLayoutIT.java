package tcptrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one deliverable, target/tcptrace.jar: agent and CLI at once, sealed by class loader. One class at its root,
 * the entry class; the agent, its journal and Byte Buddy under {@code agent/}, the tracer and its libraries under
 * {@code inst/} with the demo's scenarios, class files stored as {@code .classdata}, each class once; the benchmarks
 * are a module of their own and stay out.
 */
class JarLayoutIT {
    private static final Path JAR = Path.of(System.getProperty("tcptrace.jar"));
    private static final String ENTRY = "tcptrace.agent.TcptraceAgent";

    @TempDir
    Path tmp;

    @Test
    void manifestMakesTheEntryClassTheAgentAndTheCommand() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Main-Class")).isEqualTo(ENTRY);
            assertThat(main.getValue("Premain-Class")).isEqualTo(ENTRY);
            assertThat(main.getValue("Agent-Class")).isEqualTo(ENTRY);
            assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
        }
    }

    @Test
    void theEntryClassIsTheOnlyClassFileAndEveryOtherClassIsStoredOnceInAPrivateFolder() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> classFiles = new ArrayList<>();
            List<String> agentClasses = new ArrayList<>();
            List<String> tracerClasses = new ArrayList<>();
            List<String> elsewhere = new ArrayList<>();
            for (JarEntry e : Collections.list(jar.entries())) {
                String n = e.getName();
                if (n.endsWith(".class")) {
                    classFiles.add(n);
                } else if (n.endsWith(".classdata")) {
                    String name = n.substring(n.indexOf('/') + 1);
                    (n.startsWith("agent/") ? agentClasses : n.startsWith("inst/") ? tracerClasses : elsewhere)
                            .add(name);
                }
            }
            assertThat(classFiles).containsExactly(ENTRY.replace('.', '/') + ".class");
            assertThat(elsewhere).isEmpty();
            assertThat(agentClasses).contains("tcptrace/agent/AgentStart.classdata",
                    "tcptrace/journal/JournalWriter.classdata", "tcptrace/shaded/bytebuddy/ByteBuddy.classdata");
            assertThat(tracerClasses).contains("tcptrace/cli/Tcptrace.classdata", "picocli/CommandLine.classdata")
                    .noneMatch(n -> n.startsWith("tcptrace/agent/") || n.startsWith("tcptrace/journal/")
                            || n.startsWith("tcptrace/shaded/"));
            Set<String> both = new HashSet<>(agentClasses);
            both.retainAll(tracerClasses);
            assertThat(both).as("classes stored twice").isEmpty();
            // the bridge: defined in the bootstrap loader from this nested jar, never by the agent's own loader
            assertThat(jar.getEntry("agent/tcptrace-bootstrap.jar")).isNotNull();
            assertThat(agentClasses).noneMatch(n -> n.startsWith("tcptrace/agent/bootstrap/"));
            assertThat(jar.getEntry("META-INF/licenses/ASM")).as("the licence of the ASM in Byte Buddy").isNotNull();
        }
    }

    @Test
    void theDemoRidesAlongButTheBenchmarksAndJmhStayOut() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = Collections.list(jar.entries()).stream().map(JarEntry::getName).toList();
            assertThat(names).contains("inst/tcptrace/lab/DemoCommand.classdata")
                    .noneMatch(n -> n.contains("tcptrace/bench/"))
                    .noneMatch(n -> n.contains("org/openjdk/jmh/") || n.contains("META-INF/BenchmarkList"));
        }
    }

    @Test
    void tracerAgentAndTheirLibrariesAreHiddenFromTheTracedApplication() throws Exception {
        List<String> names = List.of("tcptrace.cli.Tcptrace", "picocli.CommandLine", "org.pcap4j.core.Pcaps",
                "com.sun.jna.Native", "org.slf4j.LoggerFactory", "net.bytebuddy.ByteBuddy",
                "tcptrace.shaded.bytebuddy.ByteBuddy", "tcptrace.agent.AgentStart", "tcptrace.journal.JournalWriter",
                "io.opentelemetry.sdk.OpenTelemetrySdk", "io.prometheus.metrics.core.metrics.Counter", ENTRY);
        List<String> cmd = new ArrayList<>(List.of(java(), "-javaagent:" + JAR + "=quiet,off=journal", "-cp",
                // the probe alone: the test class path carries AssertJ's own Byte Buddy
                Path.of(VisibilityProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                VisibilityProbe.class.getName()));
        cmd.addAll(names);
        String out = run(cmd);
        assertThat(out).contains("tcptrace.cli.Tcptrace hidden", "picocli.CommandLine hidden",
                "org.pcap4j.core.Pcaps hidden", "com.sun.jna.Native hidden", "org.slf4j.LoggerFactory hidden",
                "net.bytebuddy.ByteBuddy hidden", "tcptrace.shaded.bytebuddy.ByteBuddy hidden",
                "tcptrace.agent.AgentStart hidden", "tcptrace.journal.JournalWriter hidden",
                "io.opentelemetry.sdk.OpenTelemetrySdk hidden", "io.prometheus.metrics.core.metrics.Counter hidden",
                ENTRY + " visible");
    }

    @Test
    void versionAnswersFromTheJar() throws Exception {
        assertThat(run(List.of(java(), "-jar", JAR.toString(), "--version"))).contains("tcptrace");
    }

    @Test
    void theCommandReadsJournalsThroughTheAgentsOwnClasses() throws Exception {
        Path journals = tmp.resolve("journals");
        // a JVM traced by the jar writes a journal; the jar's CLI lists it (the reader lives under agent/)
        run(List.of(java(), "-javaagent:" + JAR + "=quiet,journal=" + journals, "-jar", JAR.toString(), "--version"));
        String out = run(List.of(java(), "-jar", JAR.toString(), "ls", "--journal-dir=" + journals));
        assertThat(out).contains("exited");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finishes", cmd).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
