package tcptrace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A JDK that child JVMs run on. */
record Jdk(String label, Path home) {

    String java() {
        return home.resolve("bin/java").toString();
    }

    String jfr() {
        return home.resolve("bin/jfr").toString();
    }

    boolean present() {
        return Files.isExecutable(home.resolve("bin/java"));
    }

    /** JAVA_RUNTIME_VERSION from the JDK's release file, e.g. 17.0.21.1+2-1-deb12u1-Debian. */
    String version() {
        try {
            return Files.readAllLines(home.resolve("release")).stream()
                    .filter(l -> l.startsWith("JAVA_RUNTIME_VERSION=")).findFirst()
                    .map(l -> l.substring(l.indexOf('=') + 1).replace("\"", ""))
                    .orElse(label);
        } catch (IOException e) {
            return label;
        }
    }
}
