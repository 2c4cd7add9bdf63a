package tcptrace.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A workload JVM started with {@code --slices} (see {@link SliceLoop}) that runs only inside its slices: between
 * them it is stopped with SIGSTOP, so that nothing it does in the background (JFR's flushes, the journal's next
 * segment, a collection) lands in another variant's slice; it is done in its own.
 */
final class SlicedChild implements Alternation.SliceSource {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(1);
    private static final String END = "\u0000end";

    private final List<String> command;
    private final Process process;
    private final Path stderr;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** What the workload said of its warm-up slices ({@link ChurnWorkload#WARM}), in order. */
    private final List<Alternation.Slice> warmup = new ArrayList<>();

    private SlicedChild(List<String> command, Process process, Path stderr) {
        this.command = command;
        this.process = process;
        this.stderr = stderr;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        Daemons.named("sliced-output").newThread(() -> forward(out)).start();
    }

    /** Starts the workload and returns once it is warm (its READY line), stopped. */
    static SlicedChild start(List<String> command) {
        Path stderr = null;
        try {
            stderr = Files.createTempFile("tcptrace-bench", ".err");
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            SlicedChild child = new SlicedChild(List.copyOf(command), process, stderr);
            child.await(SliceLoop.READY, READY_TIMEOUT);
            child.signal("STOP");
            return child;
        } catch (IOException e) {
            deleteQuietly(stderr);
            throw new BenchException("cannot start " + command.get(0) + ": " + e.getMessage());
        }
    }

    /** The warm-up slices the workload reported before it was ready; none unless it was asked to. */
    List<Alternation.Slice> warmup() {
        return List.copyOf(warmup);
    }

    @Override
    public Alternation.Slice slice(Duration length) {
        signal("CONT");
        try {
            commands.write(SliceLoop.COMMAND + length.toMillis() + "\n");
            commands.flush();
        } catch (IOException e) {
            throw failure("took no command (" + e.getMessage() + ")");
        }
        String[] reply = await(SliceLoop.REPLY, length.plus(READY_TIMEOUT)).split(" ");
        signal("STOP");
        return new Alternation.Slice(Long.parseLong(reply[1]), Long.parseLong(reply[2]), Long.parseLong(reply[3]));
    }

    private String await(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw failure("said no '" + prefix.strip() + "' in " + timeout.toSeconds() + " s");
                }
                if (END.equals(line)) {
                    throw failure("ended before it said '" + prefix.strip() + "'");
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
                if (line.startsWith(ChurnWorkload.WARM)) {
                    String[] f = line.split(" ");
                    warmup.add(new Alternation.Slice(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("was interrupted");
        }
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw failure("could not be sent SIG" + name);
            }
        } catch (IOException e) {
            throw failure("could not be sent SIG" + name + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("was interrupted");
        }
    }

    private BenchException failure(String what) {
        String err;
        try {
            err = Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err = "";
        }
        return new BenchException(String.join(" ", command) + " " + what + "; stderr: " + ChildProcess.tail(err));
    }

    private void forward(BufferedReader out) {
        try {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the child ended
        }
        lines.add(END);
    }

    @Override
    public void close() {
        try {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(stderr);
        }
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
