package tcptrace.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A test program in a JVM of its own (the way the agent is meant to run), its output captured in files. */
final class ChildJvm implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path out;
    private final Path err;

    private ChildJvm(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code mainClass} from target/test-classes with {@code javaHome}'s java and the given JVM options. */
    static ChildJvm start(String javaHome, Path workDir, List<String> jvmOptions, Class<?> mainClass,
                          String... args) throws IOException {
        return launch(List.of(), javaHome, workDir, jvmOptions, List.of(), mainClass, args);
    }

    /** Like {@link #start}, with the {@code libraries} (jars) on the class path after target/test-classes. */
    static ChildJvm startWith(List<Path> libraries, String javaHome, Path workDir, List<String> jvmOptions,
                              Class<?> mainClass, String... args) throws IOException {
        return launch(List.of(), javaHome, workDir, jvmOptions, libraries, mainClass, args);
    }

    /**
     * Like {@link #start} with the open-files limit raised to {@code maxFiles} first (a shell's {@code ulimit -n},
     * then exec: the child's pid is the JVM's).
     */
    static ChildJvm startWithFileLimit(int maxFiles, String javaHome, Path workDir, List<String> jvmOptions,
                                       Class<?> mainClass, String... args) throws IOException {
        return launch(List.of("bash", "-c", "ulimit -n " + maxFiles + " && exec \"$@\"", "bash"), javaHome,
                workDir, jvmOptions, List.of(), mainClass, args);
    }

    /** Like {@link #start}, the main class taken from {@code classPath} (a jar, say) instead of test-classes. */
    static ChildJvm startFrom(Path classPath, String javaHome, Path workDir, List<String> jvmOptions,
                              Class<?> mainClass, String... args) throws IOException {
        return launch(List.of(), javaHome, workDir, jvmOptions, classPath, List.of(), mainClass, args);
    }

    private static ChildJvm launch(List<String> prefix, String javaHome, Path workDir, List<String> jvmOptions,
                                   List<Path> libraries, Class<?> mainClass, String... args) throws IOException {
        return launch(prefix, javaHome, workDir, jvmOptions,
                Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().getPath()), libraries,
                mainClass, args);
    }

    private static ChildJvm launch(List<String> prefix, String javaHome, Path workDir, List<String> jvmOptions,
                                   Path mainClassPath, List<Path> libraries, Class<?> mainClass, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(javaHome, "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        StringBuilder classPath = new StringBuilder(mainClassPath.toString());
        for (Path library : libraries) {
            classPath.append(java.io.File.pathSeparatorChar).append(library);
        }
        cmd.add(classPath.toString());
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new ChildJvm(p, out, err);
    }

    static String agentJar() {
        String jar = System.getProperty("tcptrace.agent.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property tcptrace.agent.jar does not name the built agent: "
                    + jar);
        }
        return jar;
    }

    long pid() {
        return process.pid();
    }

    /** Waits for a stdout line starting with {@code prefix}. */
    String awaitLine(String prefix) throws IOException, InterruptedException {
        return awaitLine(prefix, this::stdout);
    }

    /** Waits for a stderr line starting with {@code prefix} (the agent's own lines). */
    String awaitStderrLine(String prefix) throws IOException, InterruptedException {
        return awaitLine(prefix, this::stderr);
    }

    private interface Lines {
        List<String> read() throws IOException;
    }

    private String awaitLine(String prefix, Lines lines) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = lines.read().stream().filter(l -> l.startsWith(prefix)).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (!process.isAlive()) {
                throw new AssertionError("child exited (" + process.exitValue() + ") before printing '" + prefix
                        + "'; stderr: " + stderr());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line '" + prefix + "' within " + TIMEOUT + "; stderr: " + stderr());
    }

    void sendLine(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    int awaitExit() throws InterruptedException {
        return awaitExit(TIMEOUT);
    }

    /** Waits at most {@code timeout}: a child still running then is hung (a deadlock), and is killed. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child did not exit within " + timeout);
        }
        return process.exitValue();
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    List<String> stdout() throws IOException {
        return Files.readAllLines(out);
    }

    List<String> stderr() throws IOException {
        return Files.readAllLines(err);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
