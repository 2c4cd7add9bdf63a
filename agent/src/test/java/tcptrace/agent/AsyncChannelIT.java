package tcptrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tcptrace.agent.NettyEpollIT.Tuple;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.journal.JvmJournal;
import tcptrace.testapp.AsyncEnds;

/**
 * {@code AsynchronousSocketChannel} client and server in a child JVM under the agent (from the start, and attached
 * to a JVM that has one open already), on JDK 17 and 25: every end of every connection in the journal, with the
 * 4-tuple the program printed and the JDK's frames in the stack.
 */
class AsyncChannelIT {
    @TempDir
    Path tmp;

    static Stream<Arguments> runs() {
        return AgentIT.jdks().flatMap(jdk -> Stream.of(Arguments.of(jdk, false), Arguments.of(jdk, true)));
    }

    @ParameterizedTest(name = "{0} attached={1}")
    @MethodSource("runs")
    void everyEndOfEveryConnectionIsInTheJournal(String jdk, boolean attach) throws Exception {
        String agentOptions = "journal=" + tmp.resolve("journal") + ",off=jfr";
        List<String> jvmOptions = attach
                ? (jdk.equals(System.getProperty("java.home")) ? List.of() : List.of("-XX:+EnableDynamicAgentLoading"))
                : List.of("-javaagent:" + ChildJvm.agentJar() + "=" + agentOptions);
        List<String> out;
        try (ChildJvm child = ChildJvm.start(jdk, tmp, jvmOptions, AsyncEnds.class,
                attach ? new String[] {"wait"} : new String[0])) {
            if (attach) {
                child.awaitLine("ready ");
                VirtualMachine vm = VirtualMachine.attach(Long.toString(child.pid()));
                try {
                    vm.loadAgent(ChildJvm.agentJar(), agentOptions);
                } finally {
                    vm.detach();
                }
                child.sendLine("go");
            }
            assertThat(child.awaitExit()).as("exit; stderr: %s", child.stderr()).isZero();
            out = child.stdout();
            assertThat(child.stderr()).as("stderr").singleElement().asString()
                    .startsWith("tcptrace: tracing TCP sockets");
        }
        JvmJournal journal = JournalEvents.only(tmp.resolve("journal"));
        List<SocketEvent> events = JournalEvents.events(journal);

        Tuple clientCloses = Tuple.of(out, "client-close");
        assertThat(kinds(clientCloses.client(events))).containsExactly(EventKind.CONNECT, EventKind.CLOSE);
        assertThat(kinds(clientCloses.server(events))).containsExactly(EventKind.ACCEPT, EventKind.EOF,
                EventKind.CLOSE);
        SocketEvent connect = clientCloses.client(events).get(0);
        assertThat(connect.api()).isEqualTo(SocketApi.ASYNC_SOCKET_CHANNEL);
        assertThat(connect.local().hostAddress()).isEqualTo("127.0.0.1");
        assertThat(connect.options().keepAlive()).isEqualTo(1);
        assertThat(clientCloses.server(events).get(0).api()).isEqualTo(SocketApi.ASYNC_SERVER_SOCKET_CHANNEL);
        SocketEvent close = clientCloses.client(events).get(1);
        assertThat(close.actor()).isEqualTo(CloseActor.APP);
        assertThat(close.connectionId()).isEqualTo(connect.connectionId());
        assertThat(close.bytesWritten()).isEqualTo(5);
        assertThat(close.threadName()).isEqualTo("main");
        assertThat(close.stack()).first().asString()
                .startsWith("sun.nio.ch.UnixAsynchronousSocketChannelImpl.implClose(");
        assertThat(close.stack()).anyMatch(f -> f.startsWith("tcptrace.testapp.AsyncEnds.clientCloses("))
                .noneMatch(f -> f.startsWith("tcptrace.agent.") || f.startsWith("tcptrace.shaded."));
        assertThat(clientCloses.server(events).get(1).bytesRead()).isEqualTo(5);

        Tuple serverCloses = Tuple.of(out, "server-close");
        assertThat(kinds(serverCloses.server(events))).containsExactly(EventKind.ACCEPT, EventKind.CLOSE);
        assertThat(kinds(serverCloses.client(events))).containsExactly(EventKind.CONNECT, EventKind.EOF,
                EventKind.CLOSE);
        SocketEvent serverClose = serverCloses.server(events).get(1);
        assertThat(serverClose.bytesWritten()).isEqualTo(3);
        assertThat(serverClose.stack()).anyMatch(f -> f.startsWith("tcptrace.testapp.AsyncEnds.serverCloses("));

        Tuple abort = Tuple.of(out, "abort");
        assertThat(kinds(abort.server(events))).containsExactly(EventKind.ACCEPT, EventKind.ERROR, EventKind.CLOSE);
        SocketEvent reset = abort.server(events).get(1);
        assertThat(reset.message()).contains("Connection reset");
        assertThat(reset.stack()).anyMatch(f -> f.startsWith("sun.nio.ch.UnixAsynchronousSocketChannelImpl."));

        String[] refused = out.stream().filter(l -> l.startsWith("refused ")).findFirst().orElseThrow().split(" ");
        assertThat(events).filteredOn(e -> e.kind() == EventKind.CONNECT_FAILED).singleElement().satisfies(e -> {
            assertThat(e.remote().port()).isEqualTo(Integer.parseInt(refused[1]));
            assertThat(e.message()).contains("Connection refused");
            assertThat(e.api()).isEqualTo(SocketApi.ASYNC_SOCKET_CHANNEL);
        });

        Tuple halfClose = Tuple.of(out, "shutdown-output");
        assertThat(kinds(halfClose.client(events))).containsExactly(EventKind.CONNECT, EventKind.SHUTDOWN_OUTPUT,
                EventKind.EOF, EventKind.CLOSE);
        assertThat(halfClose.client(events).get(1).stack())
                .anyMatch(f -> f.startsWith("tcptrace.testapp.AsyncEnds.clientShutsOutput("));
        assertThat(kinds(halfClose.server(events))).containsExactly(EventKind.ACCEPT, EventKind.EOF,
                EventKind.CLOSE);

        if (attach) {
            Tuple early = Tuple.of(out, "early");
            // opened before the attach: known from its close on, its start unknown
            assertThat(kinds(early.client(events))).containsExactly(EventKind.CLOSE);
            assertThat(early.client(events).get(0).connectionStartNanos()).isZero();
            assertThat(kinds(early.server(events))).containsExactly(EventKind.CLOSE);
        }
        assertThat(JournalEvents.closedTwice(journal)).isEmpty();
    }

    private static List<EventKind> kinds(List<SocketEvent> events) {
        return events.stream().map(SocketEvent::kind).toList();
    }
}
