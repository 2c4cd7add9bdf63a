package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CommandLineTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"capture", "report", "attach", "ls", "demo"})
    void everyCommandHasHelp(String command) {
        Cli.Result r = Cli.run(command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: tcptrace " + command);
    }

    @Test
    void topLevelHelpListsTheCommands() {
        Cli.Result r = Cli.run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("capture", "report", "attach", "ls", "demo");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(Cli.run().code()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"report --no-such-option", "report", "report --pcap x --format xml",
            "capture --duration soon", "attach", "attach notapid"})
    void badOptionsExitWith2(String args) {
        Cli.Result r = Cli.run(args.split(" "));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isNotBlank();
    }

    @Test
    void demoWithoutTheLabSaysSoInOneLine() {
        Cli.Result r = Cli.run("demo");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("scenario lab is not in this build");
    }

    @Test
    void corruptPcapIsOneLineAndExit2() throws Exception {
        Path junk = Files.write(tmp.resolve("junk.pcap"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        Cli.Result r = Cli.run("report", "--pcap", junk.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("tcptrace: ").contains("junk.pcap");
    }

    @Test
    void missingPcapIsOneLineAndExit2() {
        Cli.Result r = Cli.run("report", "--pcap", tmp.resolve("absent.pcap").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("tcptrace: ");
    }

    @Test
    void notAJournalIsOneLineAndExit2() throws Exception {
        Path pcap = ReportCommandTest.closeCapture(tmp.resolve("c.pcap"));
        Path junk = Files.writeString(tmp.resolve("77.journal"), "nope");
        Cli.Result r = Cli.run("report", "--pcap", pcap.toString(), "--journal", junk.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("not a tcptrace journal");
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        Path junk = Files.write(tmp.resolve("junk.pcap"), new byte[16]);
        Cli.Result r = Cli.run("report", "--debug", "--pcap", junk.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines().size()).isGreaterThan(1);
        assertThat(r.err()).contains("\tat ");
    }

    @Test
    void anInternalErrorHasAnExitStatusOfItsOwnAndAsksForABugReport() {
        CommandLine cl = Tcptrace.commandLine();
        cl.addSubcommand("fail", new Failing());
        Cli.Result r = Cli.run(cl, "fail");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.errLines()).singleElement().asString()
                .isEqualTo("tcptrace: internal error: java.lang.IllegalStateException: inconsistent table; this is a "
                        + "bug in tcptrace: please report it with the output of the same command run with --debug");

        CommandLine debugging = Tcptrace.commandLine();
        debugging.addSubcommand("fail", new Failing());
        Cli.Result d = Cli.run(debugging, "--debug", "fail");
        assertThat(d.code()).isEqualTo(3);
        assertThat(d.errLines().get(0)).endsWith("please report it with the stack trace below");
        assertThat(d.err()).contains("\tat tcptrace.cli.CommandLineTest$Failing.call");
    }

    @Test
    void helpStatesEveryExitStatus() {
        assertThat(Cli.run("--help").out().replaceAll("\\s+", " ")).contains("0 ok;", "1 the run finished but its "
                + "evidence is incomplete", "2 usage or input error;", "3 internal error");
    }

    /** A command with a bug in it: what the user sees of an exception nobody expected. */
    @Command(name = "fail")
    static final class Failing implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("inconsistent table");
        }
    }

    @Test
    void attachToNoSuchPidIsOneLine() {
        Cli.Result r = Cli.run("attach", "999999999");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().isEqualTo("tcptrace: no process with pid 999999999");
    }

    @Test
    void attachToAProcessThatIsNoJvmIsOneLine() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Cli.Result r = Cli.run("attach", Long.toString(sleeper.pid()));
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.errLines()).singleElement().asString().contains("is not a JVM").contains("sleep");
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void captureOfNoSuchPidIsOneLine() {
        Cli.Result r = Cli.run("capture", "--pid", "999999999", "--journal-dir", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().isEqualTo("tcptrace: no process with pid 999999999");
    }

    @Test
    void captureOfAProcessThatIsNoJvmIsOneLine() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Cli.Result r = Cli.run("capture", "--pid", Long.toString(sleeper.pid()), "--journal-dir", tmp.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.errLines()).singleElement().asString().contains("is not a JVM");
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void captureOfAJvmWithoutJournalSaysToAttach() {
        long me = ProcessHandle.current().pid();
        Cli.Result r = Cli.run("capture", "--pid", Long.toString(me), "--journal-dir", tmp.resolve("none").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("tcptrace attach " + me);
    }

    @Test
    void lsOfAMissingDirectorySaysThereAreNoTracedJvms() {
        Cli.Result r = Cli.run("ls", "--journal-dir", tmp.resolve("none").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("no traced JVMs");
    }
}
