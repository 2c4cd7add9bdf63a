package tcptrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tcptrace.lab.LabEnvironment;

/** {@code java -jar tcptrace.jar demo} as a user runs it: its output and its exit status. */
class DemoCommandIT {

    @Test
    void demoShowsPacketsAndVerdictsAndEndsWithATally() throws Exception {
        List<String> problems = LabEnvironment.namespaceProblems();
        if (!problems.isEmpty()) {
            fail("the demo test needs network namespaces; missing: " + String.join("; ", problems));
        }
        Result demo = tcptrace("demo", "client-close", "linger-zero");

        assertThat(demo.exit()).as(demo.output()).isZero();
        assertThat(demo.output())
                .contains("client-close - ", "linger-zero - ")
                .containsPattern("wire +client \\S+ > \\S+ +FIN")
                .containsPattern("client \\S+ > \\S+ +RST")
                .contains("APP_CLOSE client FIN", "APP_ABORT client RST");
        assertThat(demo.lastLine()).isEqualTo("demo: 2 passed, 0 failed");
    }

    @Test
    void unknownScenarioIsOneLineAndExitTwo() throws Exception {
        Result demo = tcptrace("demo", "no-such-scenario");

        assertThat(demo.exit()).isEqualTo(2);
        assertThat(demo.output()).contains("unknown scenario 'no-such-scenario'").doesNotContain("\tat ");
    }

    private record Result(int exit, String output) {
        String lastLine() {
            List<String> lines = output.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private static Result tcptrace(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("tcptrace.jar")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("tcptrace " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
