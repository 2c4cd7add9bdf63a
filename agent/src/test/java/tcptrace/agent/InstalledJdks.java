package tcptrace.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDKs the tests run traced JVMs on, found rather than assumed: {@code -Djdk<N>.home} if given, else a JDK of
 * that feature release in the Maven toolchains ({@code ~/.m2/toolchains.xml}), else one installed under
 * {@code /usr/lib/jvm} (its {@code release} file says which). A JDK that is nowhere fails with one line saying how
 * to get it. The scenario lab finds the JDKs of its traced JVMs the same way ({@code tcptrace.lab.InstalledJdks}):
 * the agent's tests cannot depend on it.
 */
public final class InstalledJdks {
    private static final Path TOOLCHAINS = Path.of(System.getProperty("user.home"), ".m2", "toolchains.xml");
    private static final Path JVM_DIR = Path.of("/usr/lib/jvm");
    private static final Pattern TOOLCHAIN = Pattern.compile("<toolchain>.*?</toolchain>", Pattern.DOTALL);
    private static final Pattern VERSION = Pattern.compile("<version>\\s*([^<\\s]+)\\s*</version>");
    private static final Pattern JDK_HOME = Pattern.compile("<jdkHome>\\s*([^<]+?)\\s*</jdkHome>");
    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");

    private InstalledJdks() {
    }

    /** The home of a JDK of this feature release, or an {@link IllegalStateException} of one line. */
    public static Path require(int feature) {
        return find(feature).orElseThrow(() -> new IllegalStateException("no JDK " + feature + " for the tests: "
                + "none given with -Djdk" + feature + ".home, none of version " + feature + " in " + TOOLCHAINS
                + ", none in " + JVM_DIR + "; install one (e.g. Temurin " + feature + " from adoptium.net into "
                + JVM_DIR + ") or name it with -Djdk" + feature + ".home=<dir>"));
    }

    public static Optional<Path> find(int feature) {
        String given = System.getProperty("jdk" + feature + ".home");
        if (given != null && !given.isBlank()) {
            Path home = Path.of(given);
            if (!isJdk(home)) {
                throw new IllegalStateException("-Djdk" + feature + ".home=" + given + " is not a JDK (no bin/java)");
            }
            return Optional.of(home);
        }
        return fromToolchains(feature).or(() -> fromJvmDirectory(feature));
    }

    private static Optional<Path> fromToolchains(int feature) {
        if (!Files.isRegularFile(TOOLCHAINS)) {
            return Optional.empty();
        }
        try {
            Matcher t = TOOLCHAIN.matcher(Files.readString(TOOLCHAINS));
            while (t.find()) {
                Matcher v = VERSION.matcher(t.group());
                Matcher h = JDK_HOME.matcher(t.group());
                if (t.group().contains("<type>jdk</type>") && v.find() && h.find()
                        && featureOf(v.group(1)) == feature && isJdk(Path.of(h.group(1)))) {
                    return Optional.of(Path.of(h.group(1)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(TOOLCHAINS + " cannot be read: " + e.getMessage(), e);
        }
        return Optional.empty();
    }

    private static Optional<Path> fromJvmDirectory(int feature) {
        if (!Files.isDirectory(JVM_DIR)) {
            return Optional.empty();
        }
        List<Path> homes = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(JVM_DIR)) {
            dirs.sorted().forEach(homes::add);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (Path home : homes) {
            Path release = home.resolve("release");
            try {
                Matcher m = RELEASE_VERSION.matcher(Files.isRegularFile(release) ? Files.readString(release) : "");
                if (m.find() && featureOf(m.group(1)) == feature && isJdk(home)) {
                    return Optional.of(home.toRealPath());
                }
            } catch (IOException unreadable) {
                // not a JDK this discovery can tell
            }
        }
        return Optional.empty();
    }

    /** "25.0.3", "25", "1.8.0_412" → 25, 25, 8. */
    static int featureOf(String version) {
        String v = version.startsWith("1.") ? version.substring(2) : version;
        Matcher m = Pattern.compile("^(\\d+)").matcher(v);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static boolean isJdk(Path home) {
        return Files.isExecutable(home.resolve("bin").resolve("java"));
    }
}
