package tcptrace.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The tcptrace command: who closed this TCP connection, and why. */
@Command(name = "tcptrace", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Who closed this TCP connection, and why: correlates packets with the socket events of "
                + "traced JVMs.",
        subcommands = {CaptureCommand.class, ReportCommand.class, AttachCommand.class, LsCommand.class},
        footer = {"", "Exit status: 0 ok; 1 the run finished but its evidence is incomplete (journal damage, "
                + "capture drops, dropped records, refused journals); 2 usage or input error; 3 internal error (a bug: "
                + "run again with --debug and report it)."})
public final class Tcptrace implements Runnable {
    /** The scenario lab's command; present only in builds that include the scenarios module. */
    static final String DEMO_COMMAND_CLASS = "tcptrace.lab.DemoCommand";

    static {
        // slf4j-simple: quiet unless asked; the output of this tool is its verdicts
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        OptionalInt sized = ReportJvm.runSized(args);
        if (sized.isPresent()) {
            System.exit(sized.getAsInt());
        }
        CommandLine cl = commandLine();
        // the explanations hold "µs" and arrows: write UTF-8 whatever the locale says
        cl.setOut(new PrintWriter(new Utf8Writer(new FileOutputStream(FileDescriptor.out)), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true));
        System.exit(cl.execute(args));
    }

    /** The command line with every subcommand and the error handling wired; tests run it in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Tcptrace());
        cl.addSubcommand("demo", demoCommand());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }

    private static Object demoCommand() {
        try {
            return Class.forName(DEMO_COMMAND_CLASS).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException absent) {
            return new DemoUnavailable();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException(DEMO_COMMAND_CLASS + " cannot be created: " + e, e);
        }
    }
}
