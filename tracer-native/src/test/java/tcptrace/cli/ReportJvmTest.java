package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a report moves to a JVM sized for it, and how that JVM is started. */
class ReportJvmTest {
    private static final Optional<String> JAVA = Optional.of("/usr/lib/jvm/x/bin/java");
    private static final String[] REPORT = {"report", "--pcap", "a b.pcap", "--format", "json"};

    @Test
    void aReportOfAJvmStartedWithoutOptionsRunsInASizedOneWithTheSameArguments() {
        List<String> expected = new ArrayList<>(List.of("/usr/lib/jvm/x/bin/java"));
        expected.addAll(ReportJvm.OPTIONS);
        expected.addAll(List.of("-Dtcptrace.sized=true", "-jar", "/opt/t.jar", "report", "--pcap", "a b.pcap",
                "--format", "json"));
        assertThat(ReportJvm.childCommand(REPORT, JAVA, argv("-jar", "/opt/t.jar"), Map.of(), false))
                .contains(expected);
    }

    @Test
    void anyOptionOfTheUsersKeepsTheReportInTheJvmTheyStarted() {
        assertThat(ReportJvm.childCommand(REPORT, JAVA, argv("-Xmx1g", "-jar", "/opt/t.jar"), Map.of(), false))
                .isEmpty();
        assertThat(ReportJvm.childCommand(REPORT, JAVA, argv("-jar", "/opt/t.jar"),
                Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g"), false)).isEmpty();
        assertThat(ReportJvm.childCommand(REPORT, JAVA, argv("-jar", "/opt/t.jar"),
                Map.of("JDK_JAVA_OPTIONS", "-XX:+UseZGC"), false)).isEmpty();
    }

    @Test
    void theSizedJvmOtherCommandsAndAnUnknownCommandLineRunHere() {
        assertThat(ReportJvm.childCommand(REPORT, JAVA, argv("-jar", "/opt/t.jar"), Map.of(), true)).isEmpty();
        String[] capture = {"capture", "-i", "lo"};
        assertThat(ReportJvm.childCommand(capture, JAVA, argv("-jar", "/opt/t.jar"), Map.of(), false)).isEmpty();
        assertThat(ReportJvm.childCommand(REPORT, Optional.empty(), argv("-jar", "/opt/t.jar"), Map.of(), false))
                .isEmpty();
        assertThat(ReportJvm.childCommand(REPORT, JAVA, Optional.empty(), Map.of(), false)).isEmpty();
        // started through a main class, not the jar (tests, an IDE)
        assertThat(ReportJvm.childCommand(REPORT, JAVA, argv("-cp", "x", "tcptrace.cli.Tcptrace"), Map.of(), false))
                .isEmpty();
    }

    /** This JVM's arguments: {@code prefix}, then the command's own. */
    private static Optional<String[]> argv(String... prefix) {
        List<String> all = new ArrayList<>(List.of(prefix));
        all.addAll(List.of(REPORT));
        return Optional.of(all.toArray(String[]::new));
    }
}
