package tcptrace.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Stands in for the scenario lab's {@code demo} in a build without it. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the scenario lab and print its verdicts (not in this build).")
final class DemoUnavailable implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "SCENARIO", description = "Scenarios to run (default: all).")
    List<String> scenarios;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("tcptrace: the scenario lab is not in this build (no "
                + Tcptrace.DEMO_COMMAND_CLASS + ")");
        return 2;
    }
}
