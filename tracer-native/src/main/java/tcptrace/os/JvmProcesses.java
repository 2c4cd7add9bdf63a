package tcptrace.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Whether a pid exists and runs a JVM, for clear messages before attach or capture. */
public final class JvmProcesses {
    private JvmProcesses() {
    }

    public static boolean exists(long pid) {
        return Files.isDirectory(Path.of("/proc", Long.toString(pid)));
    }

    /** A JVM maps libjvm.so; reading the maps of another user's process needs root, so "unknown" is true. */
    public static boolean isJvm(long pid) {
        Path maps = Path.of("/proc", Long.toString(pid), "maps");
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.anyMatch(l -> l.endsWith("/libjvm.so"));
        } catch (IOException | SecurityException | UncheckedIOException e) {
            return true;
        }
    }

    /** The program the process runs, for messages: /proc/&lt;pid&gt;/exe, or its command name. */
    public static String command(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            return Files.readSymbolicLink(proc.resolve("exe")).toString();
        } catch (IOException | SecurityException e) {
            try {
                return Files.readString(proc.resolve("comm")).trim();
            } catch (IOException e2) {
                return "?";
            }
        }
    }
}
