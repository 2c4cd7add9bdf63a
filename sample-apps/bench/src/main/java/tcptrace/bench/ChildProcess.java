package tcptrace.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one child process to its end, bounded in time, keeping its output and its wall-clock time. */
final class ChildProcess {
    /** What a finished child left. */
    record Outcome(List<String> command, int exitCode, String stdout, String stderr, long wallNanos) {
        double wallMillis() {
            return wallNanos / 1e6;
        }

        Outcome requireSuccess() {
            if (exitCode != 0) {
                throw new BenchException(String.join(" ", command) + " exited " + exitCode + ": " + tail(stderr));
            }
            return this;
        }

        /** The value of a {@code RESULT name value} line. */
        double result(String name) {
            String prefix = Results.PREFIX + name + " ";
            return stdout.lines().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b)
                    .map(l -> Double.parseDouble(l.substring(prefix.length()).trim()))
                    .orElseThrow(() -> new BenchException(String.join(" ", command) + " printed no " + name
                            + "; stderr: " + tail(stderr)));
        }
    }

    private ChildProcess() {
    }

    static Outcome run(List<String> command, Duration timeout) {
        return run(command, timeout, false);
    }

    /** With {@code discardStdout}, stdout goes to /dev/null as in {@code cmd > /dev/null}. */
    static Outcome run(List<String> command, Duration timeout, boolean discardStdout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("tcptrace-bench", ".out");
            err = Files.createTempFile("tcptrace-bench", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(discardStdout ? ProcessBuilder.Redirect.DISCARD
                            : ProcessBuilder.Redirect.to(out.toFile()))
                    .redirectError(err.toFile());
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new BenchException(String.join(" ", command) + " still ran after " + timeout.toSeconds()
                        + " s; stopped it");
            }
            long wall = System.nanoTime() - start;
            return new Outcome(List.copyOf(command), process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                    wall);
        } catch (IOException e) {
            throw new BenchException("cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted");
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    static List<String> command(String first, List<String> middle, String... rest) {
        List<String> command = new ArrayList<>();
        command.add(first);
        command.addAll(middle);
        command.addAll(List.of(rest));
        return command;
    }

    static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= 600 ? trimmed : "..." + trimmed.substring(trimmed.length() - 600);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
