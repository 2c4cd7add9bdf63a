package tcptrace.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tcptrace.scenario.Scenario;
import tcptrace.scenario.Scenarios;

class DemoCommandTest {

    @Test
    void helpNamesEveryScenario() {
        String help = new CommandLine(new DemoCommand()).getUsageMessage();

        assertThat(help).contains(Scenarios.all().stream().map(Scenario::name).toList());
    }

    @Test
    void runRoleIsHiddenFromHelp() {
        assertThat(new CommandLine(new DemoCommand()).getUsageMessage()).doesNotContain("--run-role");
    }

    @Test
    void unknownScenarioIsAUsageErrorOnOneLine() {
        StringWriter err = new StringWriter();
        CommandLine demo = new CommandLine(new DemoCommand()).setErr(new PrintWriter(err));

        int exit = demo.execute("client-close", "no-such-scenario");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("unknown scenario 'no-such-scenario'; known: client-close,")
                .doesNotContain("\tat ");
    }
}
