package tcptrace.cli.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScenarioClient} in a child JVM, with the real agent journaling into a directory of the test's (or without
 * it, for {@code attach}).
 */
public final class TracedChild implements AutoCloseable {
    static final String AGENT_JAR_PROPERTY = "tcptrace.agent.jar";

    private final Process process;
    private final int localPort;
    private final Path journalDir;

    private TracedChild(Process process, int localPort, Path journalDir) {
        this.process = process;
        this.localPort = localPort;
        this.journalDir = journalDir;
    }

    public static Path agentJar() {
        String p = System.getProperty(AGENT_JAR_PROPERTY);
        if (p == null || !Files.isRegularFile(Path.of(p))) {
            throw new AssertionError("the agent jar is missing (system property " + AGENT_JAR_PROPERTY + " = " + p
                    + "): build the agent module first");
        }
        return Path.of(p);
    }

    /** Starts the client and waits until it is connected. */
    public static TracedChild start(String mode, int serverPort, Path journalDir) throws Exception {
        return start(mode, serverPort, journalDir, "");
    }

    /** As above, with more agent options (",k=v...") after the journal's. */
    public static TracedChild start(String mode, int serverPort, Path journalDir, String moreOptions)
            throws Exception {
        return launch(mode, serverPort, journalDir,
                List.of("-javaagent:" + agentJar() + "=journal=" + journalDir + moreOptions));
    }

    /** Starts the client without the agent, to attach it later. */
    public static TracedChild startUntraced(String mode, int serverPort, Path journalDir) throws Exception {
        return launch(mode, serverPort, journalDir, List.of());
    }

    private static TracedChild launch(String mode, int serverPort, Path journalDir, List<String> jvmOptions)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = Path.of(ScenarioClient.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classes, ScenarioClient.class.getName(), mode, Integer.toString(serverPort)));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l; (l = out.readLine()) != null; ) {
                    if (l.startsWith("connected ")) {
                        return l;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String connected = line.get(60, TimeUnit.SECONDS);
        if (connected == null) {
            p.destroyForcibly();
            throw new AssertionError("the scenario client (" + mode + ") ended before connecting; exit "
                    + p.waitFor());
        }
        return new TracedChild(p, Integer.parseInt(connected.substring("connected ".length()).trim()), journalDir);
    }

    public int localPort() {
        return localPort;
    }

    public long pid() {
        return process.pid();
    }

    /** The journal the agent writes for this child. */
    public Path journal() {
        return journalDir.resolve(pid() + ".journal");
    }

    public void kill() {
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no EXIT record
    }

    public int awaitExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the scenario client did not end within " + timeout);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
