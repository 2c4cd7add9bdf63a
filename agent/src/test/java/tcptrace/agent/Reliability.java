package tcptrace.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Shared by the reliability tests: whether the long soak variants run ({@code -Dtcptrace.soak=true}), and the
 * figures they measured, appended to target/reliability-figures.txt for the reliability report.
 */
final class Reliability {
    /** Beside target/test-classes, wherever the test JVM's working directory is. */
    private static final Path FIGURES = testClasses().resolveSibling("reliability-figures.txt");

    private Reliability() {
    }

    private static Path testClasses() {
        try {
            return Path.of(Reliability.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean soak() {
        return Boolean.getBoolean("tcptrace.soak");
    }

    static synchronized void record(String name, long value) {
        try {
            Files.writeString(FIGURES, name + "=" + value + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record " + name + " in " + FIGURES, e);
        }
    }
}
