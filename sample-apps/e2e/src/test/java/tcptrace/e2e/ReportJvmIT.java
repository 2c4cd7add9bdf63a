package tcptrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar tcptrace.jar report} started without JVM options runs the report in a JVM sized for it, with
 * the same output and exit status; with an option of the user's it runs in the JVM as started; a SIGTERM to the
 * JVM the user started ends both.
 */
class ReportJvmIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String JAR = System.getProperty("tcptrace.jar");
    private static final String SIZED = "-Dtcptrace.sized=true";

    @TempDir
    static Path tmp;
    private static Path pcap;

    @BeforeAll
    static void capture() throws Exception {
        pcap = tmp.resolve("big.pcap");
        ReportProgressIT.writeCapture(pcap);
    }

    @Test
    void withoutOptionsTheReportRunsInASizedJvmWithTheSameOutputAndStatus() throws Exception {
        Run sized = Run.start(tmp, "sized", List.of(JAVA, "-jar", JAR, "report", "--pcap", pcap.toString()));
        ProcessHandle child = sized.awaitSizedChild();
        assertThat(child.info().arguments().map(Arrays::asList).orElseThrow())
                .as("the report JVM's options").contains("-XX:+UseParallelGC", "-Xmn64m", SIZED);
        assertThat(sized.awaitExit()).as(sized.stderr()).isZero();

        Run asStarted = Run.start(tmp, "as-started", List.of(JAVA, "-Xmx512m", "-jar", JAR, "report", "--pcap",
                pcap.toString()));
        assertThat(asStarted.awaitExitWatchingForSizedChild()).as("no sized JVM for a JVM with options").isEmpty();
        assertThat(asStarted.process.exitValue()).as(asStarted.stderr()).isZero();
        assertThat(sized.stdout()).isEqualTo(asStarted.stdout()).contains("summary: ");
    }

    @Test
    void anInputErrorExitsWithItsStatusAndOneLine() throws Exception {
        Run missing = Run.start(tmp, "missing", List.of(JAVA, "-jar", JAR, "report", "--pcap",
                tmp.resolve("none.pcap").toString()));
        assertThat(missing.awaitExit()).isEqualTo(2);
        assertThat(missing.stderr().strip().lines()).singleElement().asString().contains("none.pcap");
    }

    @Test
    void aTermToTheJvmTheUserStartedEndsTheReportJvmToo() throws Exception {
        Run run = Run.start(tmp, "term", List.of(JAVA, "-jar", JAR, "report", "--pcap", pcap.toString()));
        ProcessHandle child = run.awaitSizedChild();
        run.process.toHandle().destroy(); // SIGTERM
        assertThat(run.process.waitFor(60, TimeUnit.SECONDS)).as("the started JVM ends").isTrue();
        assertThat(child.onExit().get(60, TimeUnit.SECONDS).isAlive()).as("the report JVM ends").isFalse();
        assertThat(run.process.exitValue()).isNotZero();
    }

    /** A JVM of the test, its output in files. */
    private record Run(Process process, Path out, Path err) {
        static Run start(Path dir, String name, List<String> command) throws Exception {
            Path out = dir.resolve(name + ".out");
            Path err = dir.resolve(name + ".err");
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Run(p, out, err);
        }

        /** The sized report JVM this one started; fails if it ends without one. */
        ProcessHandle awaitSizedChild() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                Optional<ProcessHandle> child = sizedChild();
                if (child.isPresent()) {
                    return child.get();
                }
                assertThat(process.isAlive()).as("ended without a report JVM: " + stderr()).isTrue();
                Thread.sleep(2);
            }
            throw new AssertionError("no report JVM within 60 s");
        }

        /** Waits for the end, looking for a sized child all along; returns the first seen, if any. */
        Optional<ProcessHandle> awaitExitWatchingForSizedChild() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Optional<ProcessHandle> seen = Optional.empty();
            while (process.isAlive() && System.nanoTime() < deadline) {
                seen = seen.or(this::sizedChild);
                Thread.sleep(2);
            }
            assertThat(process.isAlive()).as("still running after 120 s").isFalse();
            return seen;
        }

        int awaitExit() throws Exception {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("ends within 120 s").isTrue();
            return process.exitValue();
        }

        private Optional<ProcessHandle> sizedChild() {
            return process.toHandle().children().filter(c -> c.info().arguments()
                    .map(a -> new ArrayList<>(Arrays.asList(a)).contains(SIZED)).orElse(false)).findFirst();
        }

        String stdout() throws Exception {
            return Files.readString(out);
        }

        String stderr() throws Exception {
            return Files.readString(err);
        }
    }
}
