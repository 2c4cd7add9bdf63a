package tcptrace.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The feature release (17, 21, 25, ...) of a JDK, from its {@code release} file. */
public final class JavaRelease {
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    private JavaRelease() {
    }

    public static int feature(Path javaHome) {
        Path release = javaHome.resolve("release");
        try {
            Matcher m = VERSION.matcher(Files.readString(release));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        } catch (IOException e) {
            throw new LabException("not a JDK: " + javaHome + " (cannot read " + release + ")");
        }
        throw new LabException("not a JDK: " + javaHome + " (no JAVA_VERSION in " + release + ")");
    }
}
