package tcptrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.journal.JvmJournal;
import tcptrace.testapp.EchoLoad;
import tcptrace.testapp.EchoServerMain;

/**
 * Ten thousand connections held at once, then churn, client and echo server both traced: each application sees
 * exactly what it sees without the agent, and each journal has one CLOSE per connection end, none dropped.
 */
class LoadIT {
    private static final int HELD = 10_000;
    private static final int CHURNED = Reliability.soak() ? 200_000 : 5_000;
    private static final int FILE_HEADROOM = 500;
    private static final long SEGMENT_BYTES = 8L << 20;
    private static final int SEGMENTS = Reliability.soak() ? 400 : 24;
    private static final Duration NO_DEADLOCK = Duration.ofMinutes(Reliability.soak() ? 30 : 3);

    @TempDir
    Path tmp;

    @Test
    void tenThousandConcurrentConnectionsAndChurnLoseNothingAndCloseOnce() throws Exception {
        requireFileLimit();
        int held = HELD;
        int connections = held + CHURNED;
        Run without = run(List.of(), List.of(), held);
        Run with = run(agent("client"), agent("server"), held);

        assertThat(without.clientExit).as("baseline client; stderr %s", without.clientErr).isZero();
        assertThat(with.clientExit).as("client stderr %s", with.clientErr).isZero();
        assertThat(with.clientOut).isEqualTo(without.clientOut).contains("churned " + CHURNED + " checksum "
                + without.clientOut.get(1).split(" ")[3]);
        assertThat(with.serverOut.subList(1, 2)).isEqualTo(without.serverOut.subList(1, 2))
                .containsExactly("closed " + connections);
        assertThat(without.clientErr).isEmpty();
        assertThat(with.clientErr).singleElement().asString().startsWith("tcptrace: tracing TCP sockets");
        assertThat(with.serverErr).singleElement().asString().startsWith("tcptrace: tracing TCP sockets");

        JvmJournal client = checkedJournal(tmp.resolve("client"));
        JvmJournal server = checkedJournal(tmp.resolve("server"));
        List<SocketEvent> clientCloses = JournalEvents.closes(client, e -> e.api() == SocketApi.SOCKET
                && e.remote() != null && e.remote().port() == with.serverPort);
        List<SocketEvent> serverCloses = JournalEvents.closes(server, e -> e.local() != null
                && e.local().port() == with.serverPort);
        assertThat(client.droppedRecords()).as("records the client's agent dropped").isZero();
        assertThat(server.droppedRecords()).as("records the server's agent dropped").isZero();
        assertThat(clientCloses).hasSize(connections);
        assertThat(serverCloses).hasSize(connections);
        Reliability.record("load.connectionsHeld", held);
        Reliability.record("load.connectionsTotal", connections);
        Reliability.record("load.recordsDropped", client.droppedRecords() + server.droppedRecords());
        Reliability.record("load.closesMissing", 2L * connections - clientCloses.size() - serverCloses.size());
    }

    private List<String> agent(String journal) {
        return List.of("-javaagent:" + ChildJvm.agentJar() + "=journal=" + tmp.resolve(journal),
                "-D" + AgentRuntime.SEGMENT_BYTES_PROPERTY + "=" + SEGMENT_BYTES,
                "-D" + AgentRuntime.SEGMENTS_PROPERTY + "=" + SEGMENTS);
    }

    private static JvmJournal checkedJournal(Path dir) throws IOException {
        JvmJournal j = JournalEvents.only(dir);
        assertThat(j.status()).isEqualTo(JvmJournal.Status.EXITED);
        assertThat(j.damages()).isEmpty();
        assertThat(j.segments().get(0).generation()).as("no segment recycled: every record is still there")
                .isZero();
        assertThat(JournalEvents.diskBytes(dir)).isLessThanOrEqualTo(SEGMENT_BYTES * SEGMENTS);
        assertThat(JournalEvents.closedTwice(j)).as("connections closed twice").isEmpty();
        return j;
    }

    private record Run(int serverPort, int clientExit, List<String> clientOut, List<String> clientErr,
                       List<String> serverOut, List<String> serverErr) {
    }

    private Run run(List<String> clientOptions, List<String> serverOptions, int held)
            throws IOException, InterruptedException {
        int files = held + FILE_HEADROOM;
        String java = System.getProperty("java.home");
        try (ChildJvm server = ChildJvm.startWithFileLimit(files, java, tmp, serverOptions, EchoServerMain.class)) {
            int port = Integer.parseInt(server.awaitLine("server ").split(" ")[1]);
            try (ChildJvm client = ChildJvm.startWithFileLimit(files, java, tmp, clientOptions, EchoLoad.class,
                    String.valueOf(held), String.valueOf(CHURNED), String.valueOf(port))) {
                int clientExit = client.awaitExit(NO_DEADLOCK);
                server.sendLine(String.valueOf(held + CHURNED));
                assertThat(server.awaitExit(NO_DEADLOCK)).as("server stderr %s", server.stderr()).isZero();
                return new Run(port, clientExit, client.stdout(), client.stderr(), server.stdout(),
                        server.stderr());
            }
        }
    }

    /** A machine whose open-files limit cannot be raised for HELD connections fails the test: it would prove less. */
    private static void requireFileLimit() throws IOException, InterruptedException {
        int wanted = HELD + FILE_HEADROOM;
        Process p = new ProcessBuilder("bash", "-c", "ulimit -n " + wanted + " 2>/dev/null || ulimit -Hn")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        assertThat(out).as("the open-files limit cannot be raised to %d (hard limit %s): raise it (ulimit -Hn %d, "
                + "as .ci/run does) to hold %d connections", wanted, out, wanted, HELD).isEmpty();
    }
}
