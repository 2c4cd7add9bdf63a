package tcptrace.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tcptrace.InputException;
import tcptrace.os.JvmProcesses;

/** Loads the agent into a running JVM through the attach API. */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Load the tcptrace agent into a running JVM.")
final class AttachCommand implements Callable<Integer> {
    /** Overrides where the agent jar is, e.g. for tests that run the tracer from its classes. */
    static final String AGENT_JAR_PROPERTY = "tcptrace.agent.jar";
    /** The one class at the root of tcptrace.jar: the jar that holds it is the agent. */
    static final String ENTRY_CLASS = "tcptrace.agent.TcptraceAgent";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "The JVM to trace.")
    long pid;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OPTIONS",
            description = "Agent options, k=v separated by commas: journal=<dir>, jfr=<file.jfr>, stack=<depth>, "
                    + "ports=<list>, off=jfr|journal.")
    String options;

    @Override
    public Integer call() throws InputException {
        if (!JvmProcesses.exists(pid)) {
            throw new InputException("no process with pid " + pid);
        }
        if (!JvmProcesses.isJvm(pid)) {
            throw new InputException("pid " + pid + " is not a JVM (" + JvmProcesses.command(pid) + ")");
        }
        Path jar = agentJar();
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                vm.loadAgent(jar.toString(), options);
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException e) {
            throw new InputException("cannot attach to pid " + pid + ": " + oneLine(e.getMessage())
                    + " (same user as the JVM? started with -XX:+DisableAttachMechanism?)", e);
        } catch (AgentLoadException e) {
            throw new InputException("pid " + pid + " could not load the agent " + jar + ": "
                    + oneLine(e.getMessage()), e);
        } catch (AgentInitializationException e) {
            throw new InputException("the agent failed to start in pid " + pid + ": " + oneLine(e.getMessage())
                    + " (the JVM's own output says why)", e);
        } catch (IOException e) {
            throw new InputException("attach to pid " + pid + " was refused: " + oneLine(e.getMessage()), e);
        }
        spec.commandLine().getOut().println("tcptrace: agent loaded into pid " + pid
                + (options == null ? "" : " with " + options));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The jar holding the entry class, unless the system property names one. */
    static Path agentJar() throws InputException {
        String override = System.getProperty(AGENT_JAR_PROPERTY);
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            if (!Files.isRegularFile(p)) {
                throw new InputException("agent jar " + p + " (from -D" + AGENT_JAR_PROPERTY + ") does not exist");
            }
            return p.toAbsolutePath();
        }
        try {
            CodeSource source = Class.forName(ENTRY_CLASS).getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                Path p = Path.of(source.getLocation().toURI());
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        } catch (ClassNotFoundException | URISyntaxException | IllegalArgumentException | SecurityException e) {
            // not run from tcptrace.jar: the message below says what to do
        }
        throw new InputException("cannot tell which tcptrace.jar to load: run this command from it "
                + "(java -jar tcptrace.jar attach ...) or set -D" + AGENT_JAR_PROPERTY + "=<path>");
    }

    private static String oneLine(String s) {
        return s == null ? "no details" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
