package tcptrace.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tcptrace.scenario.Role;
import tcptrace.scenario.Side;

/** A running scenario role: its signals on stdout, its commands on stdin, its stderr in a log file. */
public final class RoleProcess {
    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(30);

    private final Side side;
    private final Process process;
    private final Path errorLog;
    private final List<String> signals = new CopyOnWriteArrayList<>();
    private volatile boolean readerDone;

    private RoleProcess(Side side, Process process, Path errorLog) {
        this.side = side;
        this.process = process;
        this.errorLog = errorLog;
        Thread reader = new Thread(this::readOutput, "tcptrace-lab-" + side.label() + "-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static RoleProcess start(Side side, List<String> command, Path errorLog, Cleanup cleanup) {
        try {
            Process process = new ProcessBuilder(command).redirectError(errorLog.toFile()).start();
            RoleProcess role = new RoleProcess(side, process, errorLog);
            cleanup.add(role::kill);
            return role;
        } catch (IOException e) {
            throw new LabException("cannot start the " + side.label() + ": " + e.getMessage(), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until the role has printed the signal; fails at once, with the role's last error line, if it died. */
    public void awaitSignal(String name) {
        awaitSignal(name, SIGNAL_TIMEOUT);
    }

    public void awaitSignal(String name, Duration timeout) {
        try {
            Await.until(timeout, "the " + side.label() + " to signal " + name,
                    () -> signals.contains(name) || failed(name));
        } catch (LabException e) {
            throw new LabException(e.getMessage() + lastError());
        }
        if (!signals.contains(name)) {
            throw new LabException("the " + side.label() + " ended (exit " + process.exitValue()
                    + ") before signalling " + name + lastError());
        }
    }

    private boolean failed(String name) {
        return !process.isAlive() && !signals.contains(name) && readerDone;
    }

    public void send(String command) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new LabException("cannot send " + command + " to the " + side.label() + ": " + e.getMessage(), e);
        }
    }

    /** SIGKILL: no Java code of the role runs any more, the kernel closes its sockets. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void awaitExit() {
        Await.until(SIGNAL_TIMEOUT, "the " + side.label() + " to exit", () -> !process.isAlive());
    }

    public List<String> signals() {
        return List.copyOf(signals);
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(Role.SIGNAL_PREFIX)) {
                    signals.add(line.substring(Role.SIGNAL_PREFIX.length()).strip());
                }
            }
        } catch (IOException e) {
            // the process is gone: what was read is all there is
        } finally {
            readerDone = true;
        }
    }

    private String lastError() {
        try {
            List<String> lines = Files.readAllLines(errorLog);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank() && !lines.get(i).startsWith("\tat ")) {
                    return " (" + lines.get(i).strip() + ")";
                }
            }
        } catch (IOException e) {
            // no log: nothing to add
        }
        return "";
    }
}
