package tcptrace.capture;

import com.sun.jna.Native;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.PcapHandle;
import org.slf4j.LoggerFactory;
import tcptrace.InputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The messages a user sees when the machine cannot capture: checked in child JVMs that lack the permission or the
 * library, because this test JVM has both.
 */
class LiveCaptureEnvironmentTest {
    private static final String NOBODY = "65534";

    @TempDir
    static Path dir;
    private static String classPath;

    /** A copy of the probe's class path that an unprivileged user can read (the local Maven repository is private). */
    @BeforeAll
    static void copyClassPath() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (Class<?> type : List.of(LiveCaptureSource.class, LiveCaptureProbe.class, InputException.class,
                PcapHandle.class, Native.class, LoggerFactory.class)) {
            Path source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().getPath());
            Path copy = dir.resolve("cp" + n++ + (Files.isDirectory(source) ? "" : ".jar"));
            copyReadable(source, copy);
            entries.add(copy.toString());
        }
        classPath = String.join(":", entries);
    }

    private static void copyReadable(Path source, Path target) throws IOException {
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(path, copy);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    @Test
    void withoutCapturePermissionTheMessageSaysWhatIsNeeded() throws Exception {
        CaptureTestSupport.requireCapturePermission();
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"));
        command.addAll(java("lo"));

        Result result = run(command);

        assertThat(result.stdout()).as(result.stderr()).isEqualTo("capturing packets needs root or CAP_NET_RAW\n");
        assertThat(result.exitCode()).isEqualTo(2);
    }

    @Test
    void withoutLibpcapTheMessageSaysWhatToInstall() throws Exception {
        List<String> command = new ArrayList<>(java("lo"));
        command.add(1, "-Dorg.pcap4j.core.pcapLibName=pcap-not-installed");

        Result result = run(command);

        assertThat(result.stdout()).as(result.stderr()).isEqualTo("libpcap is not installed (apt-get install libpcap0.8)\n");
        assertThat(result.exitCode()).isEqualTo(2);
    }

    private static List<String> java(String device) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + dir, "-cp", classPath, LiveCaptureProbe.class.getName(), device);
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(List<String> command) throws Exception {
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(stderr.toFile()).start();
        process.getOutputStream().close();
        byte[] stdout = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
        return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8), Files.readString(stderr));
    }
}
