package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.cli.e2e.ScenarioServer;
import tcptrace.cli.e2e.TracedChild;
import tcptrace.testing.Await;

/** {@code attach} into a running child JVM, and {@code ls} of the journals, with the real agent. */
class AttachAndLsIT {
    @TempDir
    Path tmp;

    @Test
    void attachLoadsTheAgentAndLsFollowsTheJvmUntilItIsKilled() throws Exception {
        Path journals = tmp.resolve("journals");
        try (var server = new ScenarioServer();
             var child = TracedChild.startUntraced("kill", server.port(), journals)) {
            Cli.Result attach = Cli.run("attach", Long.toString(child.pid()), "journal=" + journals);
            assertThat(attach.code()).as(attach.err()).isZero();
            assertThat(attach.out()).contains("agent loaded into pid " + child.pid());
            Await.until("the attached agent's journal", Duration.ofSeconds(30), () -> Files.exists(child.journal()));

            assertThat(Cli.run("ls", "--journal-dir", journals.toString()).out())
                    .containsPattern("(?m)^" + child.pid() + " .* alive ");

            child.kill();
            child.awaitExit(Duration.ofSeconds(30));
            assertThat(Cli.run("ls", "--journal-dir", journals.toString()).out())
                    .containsPattern("(?m)^" + child.pid() + " .* killed ");
        }
    }

    @Test
    void lsListsTheConnectionOpenedBeforeTheAttachWithItsKeepaliveRisk() throws Exception {
        Path journals = tmp.resolve("journals");
        try (var server = new ScenarioServer();
             var child = TracedChild.startUntraced("kill", server.port(), journals)) {
            Cli.Result attach = Cli.run("attach", Long.toString(child.pid()), "journal=" + journals);
            assertThat(attach.code()).as(attach.err()).isZero();
            Await.until("the attached agent's journal", Duration.ofSeconds(30), () -> Files.exists(child.journal()));

            Cli.Result ls = Cli.run("ls", "--journal-dir", journals.toString());

            assertThat(ls.code()).as(ls.err()).isZero();
            assertThat(ls.out()).contains("UNSEEN pid " + child.pid() + " 127.0.0.1:" + child.localPort()
                    + " → 127.0.0.1:" + server.port() + " ESTABLISHED: the agent has journaled nothing of it (opened "
                    + "before it was attached, or through a path it does not trace); keepalive off and nothing in flight: a dead "
                    + "peer would never be noticed; once it sends, the kernel gives up after ");
        }
    }

    @Test
    void lsShowsAnIdleConnectionWithoutKeepaliveAsHalfOpenRisk() throws Exception {
        Path journals = tmp.resolve("journals");
        try (var server = new ScenarioServer();
             var child = TracedChild.start("kill", server.port(), journals)) {
            String risk = "HALF_OPEN_RISK pid " + child.pid() + " 127.0.0.1:" + child.localPort() + " → 127.0.0.1:"
                    + server.port();
            Cli.Result fresh = Cli.run("ls", "--journal-dir", journals.toString());
            assertThat(fresh.code()).as(fresh.err()).isZero();
            assertThat(fresh.out()).as("idle for less than the default minute").doesNotContain(risk);

            Await.until("the connection idle for a second", Duration.ofSeconds(30), () -> Cli.run("ls",
                    "--journal-dir", journals.toString(), "--half-open-idle", "1s").out().contains(risk));
            Cli.Result ls = Cli.run("ls", "--journal-dir", journals.toString(), "--half-open-idle", "1s");
            assertThat(ls.code()).as(ls.err()).isZero();
            assertThat(ls.out()).contains(risk).contains("no data either way for").contains("would never notice");
        }
    }
}
