package tcptrace.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A command run in a real terminal: a tmux pane of its own, whose every byte written to it (escape sequences and
 * lines later cleared included) is kept in a log, and whose screen can be read as a person sees it.
 */
final class TmuxPane implements AutoCloseable {
    private final String session;
    private final Path log;
    private final Path status;

    private TmuxPane(String session, Path log, Path status) {
        this.session = session;
        this.log = log;
        this.status = status;
    }

    /**
     * Runs {@code shellCommand} in a new pane of {@code columns} x {@code rows}; it starts only once the pane's output
     * is being logged into {@code dir}, so that nothing it writes is missed.
     */
    static TmuxPane run(Path dir, int columns, int rows, String shellCommand) throws IOException, InterruptedException {
        String session = "tcptrace-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path log = dir.resolve(session + ".log");
        Path status = dir.resolve(session + ".status");
        Files.createFile(log);
        // the pane stays open after the command (for its screen), until close()
        String wrapped = "tmux wait-for " + session + "-go; " + shellCommand + "; echo $? > " + quote(status.toString())
                + "; tmux wait-for -S " + session + "-done; exec sleep 3600";
        tmux("new-session", "-d", "-s", session, "-x", Integer.toString(columns), "-y", Integer.toString(rows),
                wrapped);
        TmuxPane pane = new TmuxPane(session, log, status);
        try {
            tmux("pipe-pane", "-o", "-t", session, "cat >> " + quote(log.toString()));
            tmux("wait-for", "-S", session + "-go");
        } catch (IOException | InterruptedException | RuntimeException e) {
            pane.close();
            throw e;
        }
        return pane;
    }

    /** Everything written to the terminal so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Waits until what was written to the terminal holds {@code pattern}, polling. */
    void awaitOutput(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pattern.matcher(output()).find()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for /" + pattern + "/ on the "
                        + "terminal; so far:\n" + output());
            }
            Thread.sleep(20);
        }
    }

    /** The screen as it stands. */
    String screen() {
        try {
            return tmux("capture-pane", "-p", "-t", session);
        } catch (IOException | InterruptedException e) {
            return "(capture-pane failed: " + e.getMessage() + ")";
        }
    }

    /** Waits until the command ends; its exit status. */
    int awaitExit(Duration timeout) throws IOException, InterruptedException {
        Process wait = new ProcessBuilder("tmux", "wait-for", session + "-done").redirectErrorStream(true).start();
        if (!wait.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            wait.destroyForcibly();
            throw new AssertionError("the command in the pane did not end within " + timeout + "; its screen:\n"
                    + screen());
        }
        return Integer.parseInt(Files.readString(status).trim());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        tmux("kill-session", "-t", session);
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("tmux is missing (" + e.getMessage() + "): bash src/setup.sh --tests installs it",
                    e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
        return out;
    }
}
