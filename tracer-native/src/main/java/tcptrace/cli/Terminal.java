package tcptrace.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Whether standard output is a terminal a person watches. */
final class Terminal {
    private static final int DEFAULT_COLUMNS = 120;
    private Terminal() {
    }

    /**
     * System.console() is null when stdin or stdout is redirected, up to JDK 21; from JDK 22 it may exist anyway, and
     * its isTerminal() (absent on 17, hence reflection) tells.
     */
    static boolean isInteractive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException before22) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /**
     * Whether standard error is a terminal (System.console() speaks of stdin and stdout): what its descriptor links
     * to says, on Linux.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The terminal's width in columns: $COLUMNS when the shell exports it, else what stty says, else 120. */
    static int columns() {
        Integer fromEnv = parse(System.getenv("COLUMNS"));
        if (fromEnv != null) {
            return fromEnv;
        }
        try {
            Process stty = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
            String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (stty.waitFor(2, TimeUnit.SECONDS) && stty.exitValue() == 0) {
                Integer columns = parse(out.substring(out.indexOf(' ') + 1));
                if (columns != null) {
                    return columns;
                }
            }
        } catch (IOException e) {
            // no stty: the default will do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_COLUMNS;
    }

    private static Integer parse(String s) {
        try {
            return s == null ? null : Math.max(40, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
