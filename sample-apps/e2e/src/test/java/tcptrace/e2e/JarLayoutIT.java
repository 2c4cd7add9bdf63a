package tcptrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The one deliverable, target/tcptrace.jar: agent and CLI at once, the tracer out of the application's sight. */
class JarLayoutIT {
    private static final Path JAR = Path.of(System.getProperty("tcptrace.jar"));

    @Test
    void manifestMakesItAnAgentAndACommand() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Main-Class")).isEqualTo("tcptrace.Main");
            assertThat(main.getValue("Premain-Class")).isEqualTo("tcptrace.agent.TcptraceAgent");
            assertThat(main.getValue("Agent-Class")).isEqualTo("tcptrace.agent.TcptraceAgent");
            assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
        }
    }

    @Test
    void onlyOurOwnPackagesAreLoadableFromTheJarRoot() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> rootClasses = new ArrayList<>();
            List<String> instClassFiles = new ArrayList<>();
            for (var e : Collections.list(jar.entries())) {
                String n = e.getName();
                if (n.startsWith("inst/")) {
                    if (n.endsWith(".class")) {
                        instClassFiles.add(n);
                    }
                } else if (n.endsWith(".class")) {
                    rootClasses.add(n);
                }
            }
            assertThat(rootClasses).isNotEmpty().allMatch(n -> n.startsWith("tcptrace/"));
            assertThat(rootClasses).noneMatch(n -> n.startsWith("tcptrace/cli/") || n.startsWith("tcptrace/capture/"));
            assertThat(rootClasses).anyMatch(n -> n.startsWith("tcptrace/shaded/bytebuddy/"));
            assertThat(instClassFiles).as("tracer classes are stored as .classdata").isEmpty();
            assertThat(jar.getEntry("inst/tcptrace/cli/Tcptrace.classdata")).isNotNull();
            assertThat(jar.getEntry("tcptrace-bootstrap.jar")).isNotNull();
        }
    }

    @Test
    void tracerAndItsLibrariesAreHiddenFromTheTracedApplication() throws Exception {
        List<String> names = List.of("tcptrace.cli.Tcptrace", "picocli.CommandLine", "org.pcap4j.core.Pcaps",
                "com.sun.jna.Native", "org.slf4j.LoggerFactory", "net.bytebuddy.ByteBuddy",
                "io.opentelemetry.sdk.OpenTelemetrySdk", "io.prometheus.metrics.core.metrics.Counter",
                "tcptrace.agent.TcptraceAgent");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + JAR + "=quiet,off=journal", "-cp",
                // the probe alone: the test class path carries AssertJ's own Byte Buddy
                Path.of(VisibilityProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                VisibilityProbe.class.getName()));
        cmd.addAll(names);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("tcptrace.cli.Tcptrace hidden", "picocli.CommandLine hidden",
                "org.pcap4j.core.Pcaps hidden", "com.sun.jna.Native hidden", "org.slf4j.LoggerFactory hidden",
                "net.bytebuddy.ByteBuddy hidden", "io.opentelemetry.sdk.OpenTelemetrySdk hidden",
                "io.prometheus.metrics.core.metrics.Counter hidden", "tcptrace.agent.TcptraceAgent visible");
    }

    @Test
    void versionAnswersFromTheJar() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "--version").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("tcptrace");
    }
}
