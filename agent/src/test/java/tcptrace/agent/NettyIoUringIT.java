package tcptrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
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
import tcptrace.testapp.UnexpectedNetty;
import tcptrace.testapp.netty.UringEnds;

/**
 * Netty 4.2's io_uring transport, client and server in a child JVM under the agent (from the start, and attached to
 * a JVM that has loaded Netty and opened a connection already), on JDK 17 and 25: every end of every connection in
 * the journal, once, with the 4-tuple the program printed, the application's close in the stack of its CLOSE and
 * Netty's threads. The ring's operations complete on the event loop: the close reported is the one the channel's
 * unsafe was asked for, not the ring's close operation that follows.
 */
class NettyIoUringIT {
    @TempDir
    Path tmp;

    static Stream<Arguments> runs() {
        return AgentIT.jdks().flatMap(jdk -> Stream.of(Arguments.of(jdk, false), Arguments.of(jdk, true)));
    }

    @ParameterizedTest(name = "{0} attached={1}")
    @MethodSource("runs")
    void everyEndOfEveryConnectionIsInTheJournalOnce(String jdk, boolean attach) throws Exception {
        String agentOptions = "journal=" + tmp.resolve("journal")
                + (attach ? ",off=jfr" : ",jfr=" + tmp.resolve("rec.jfr"));
        List<String> jvmOptions = attach
                ? (jdk.equals(System.getProperty("java.home")) ? List.of() : List.of("-XX:+EnableDynamicAgentLoading"))
                : List.of("-javaagent:" + ChildJvm.agentJar() + "=" + agentOptions);
        List<String> out;
        try (ChildJvm child = ChildJvm.startWith(NettyEpollIT.netty("4.2"), jdk, tmp, jvmOptions, UringEnds.class,
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
            assertThat(child.stderr()).as("stderr").filteredOn(l -> l.startsWith("tcptrace:")).singleElement()
                    .asString().startsWith("tcptrace: tracing TCP sockets");
        }
        JvmJournal journal = JournalEvents.only(tmp.resolve("journal"));
        List<SocketEvent> events = JournalEvents.events(journal);

        Tuple clientCloses = Tuple.of(out, "client-close");
        assertThat(kinds(clientCloses.client(events))).containsExactly(EventKind.CONNECT, EventKind.CLOSE);
        assertThat(kinds(clientCloses.server(events))).containsExactly(EventKind.ACCEPT, EventKind.EOF,
                EventKind.CLOSE);
        SocketEvent connect = clientCloses.client(events).get(0);
        assertThat(connect.api()).isEqualTo(SocketApi.NETTY_IO_URING);
        assertThat(connect.local().hostAddress()).isEqualTo("127.0.0.1");
        assertThat(connect.threadName()).startsWith("client-loop");
        assertThat(clientCloses.server(events).get(0).api()).isEqualTo(SocketApi.NETTY_IO_URING_SERVER);
        SocketEvent close = clientCloses.client(events).get(1);
        assertThat(close.actor()).isEqualTo(CloseActor.APP);
        assertThat(close.connectionId()).isEqualTo(connect.connectionId());
        assertThat(close.bytesWritten()).isEqualTo(5);
        assertThat(close.threadName()).startsWith("client-loop");
        assertThat(close.stack()).first().asString()
                .startsWith("io.netty.channel.uring.AbstractIoUringChannel$AbstractUringUnsafe.close(");
        // closed from the main thread: Netty runs the close as a task of the channel's loop, through the pipeline
        assertThat(close.stack())
                .anyMatch(f -> f.startsWith("io.netty.channel.DefaultChannelPipeline$HeadContext.close("))
                .noneMatch(f -> f.startsWith("tcptrace.agent.") || f.startsWith("tcptrace.shaded."));
        SocketEvent eof = clientCloses.server(events).get(1);
        assertThat(eof.bytesRead()).isEqualTo(5);
        assertThat(eof.threadName()).startsWith("server-loop");
        // Netty closes a channel at the end of its input: the server's close follows the EOF on its loop
        assertThat(clientCloses.server(events).get(2).stack())
                .anyMatch(f -> f.contains("IoUringStreamUnsafe.readComplete0("));

        Tuple serverCloses = Tuple.of(out, "server-close");
        assertThat(kinds(serverCloses.server(events))).containsExactly(EventKind.ACCEPT, EventKind.CLOSE);
        assertThat(kinds(serverCloses.client(events))).containsExactly(EventKind.CONNECT, EventKind.EOF,
                EventKind.CLOSE);
        SocketEvent serverClose = serverCloses.server(events).get(1);
        assertThat(serverClose.bytesWritten()).isEqualTo(3);
        assertThat(serverClose.threadName()).startsWith("server-loop");
        assertThat(serverClose.stack()).anyMatch(f -> f.contains("AbstractUringUnsafe.close("));
        assertThat(serverCloses.client(events).get(1).bytesRead()).isEqualTo(3);

        Tuple abort = Tuple.of(out, "abort");
        assertThat(kinds(abort.client(events))).containsExactly(EventKind.CONNECT, EventKind.CLOSE);
        assertThat(abort.client(events).get(1).options().linger()).isZero();
        assertThat(kinds(abort.server(events))).containsExactly(EventKind.ACCEPT, EventKind.ERROR, EventKind.CLOSE);
        SocketEvent reset = abort.server(events).get(1);
        assertThat(reset.message()).contains("Connection reset by peer");
        assertThat(NettyEpollIT.line(out, "abort-seen")[1]).contains("Connection_reset_by_peer");
        // Netty's exception has no stack: the agent's own shows where the completion was handled
        assertThat(reset.stack()).anyMatch(f -> f.contains("IoUringStreamUnsafe.readComplete0("));

        String[] refused = NettyEpollIT.line(out, "refused");
        assertThat(events).filteredOn(e -> e.kind() == EventKind.CONNECT_FAILED).singleElement().satisfies(e -> {
            assertThat(e.remote().port()).isEqualTo(Integer.parseInt(refused[1]));
            assertThat(e.message()).contains("Connection refused");
            assertThat(e.api()).isEqualTo(SocketApi.NETTY_IO_URING);
        });

        Tuple halfClose = Tuple.of(out, "shutdown-output");
        assertThat(kinds(halfClose.client(events))).containsExactly(EventKind.CONNECT, EventKind.SHUTDOWN_OUTPUT,
                EventKind.EOF, EventKind.CLOSE);
        assertThat(halfClose.client(events).get(1).stack()).anyMatch(f -> f.contains("shutdownOutput"));
        assertThat(kinds(halfClose.server(events))).containsExactly(EventKind.ACCEPT, EventKind.EOF,
                EventKind.CLOSE);

        if (attach) {
            Tuple early = Tuple.of(out, "early");
            // opened before the attach: known from its close on, its start unknown
            assertThat(kinds(early.client(events))).containsExactly(EventKind.CLOSE);
            assertThat(early.client(events).get(0).connectionStartNanos()).isZero();
            assertThat(early.client(events).get(0).api()).isEqualTo(SocketApi.NETTY_IO_URING);
            assertThat(early.client(events).get(0).threadName()).startsWith("client-loop");
            assertThat(kinds(early.server(events))).containsExactly(EventKind.EOF, EventKind.CLOSE);
        }
        assertThat(JournalEvents.closedTwice(journal)).isEmpty();

        if (!attach) {
            List<RecordedEvent> jfrCloses = RecordingFile.readAllEvents(tmp.resolve("rec.jfr")).stream()
                    .filter(e -> e.getEventType().getName().equals("tcptrace.Close")
                            && e.getInt("localPort") == clientCloses.clientPort())
                    .toList();
            assertThat(jfrCloses).singleElement().satisfies(e -> {
                assertThat(e.getString("api")).isEqualTo("NETTY_IO_URING");
                assertThat(e.getLong("wallClockNanos")).isEqualTo(close.epochNanos());
                assertThat(e.getString("stack")).isEqualTo(String.join("\n", close.stack()));
            });
        }
    }

    @ParameterizedTest
    @MethodSource("tcptrace.agent.AgentIT#jdks")
    void anIoUringWithoutTheExpectedHookPointCostsOneLineAndTheApplicationRunsOn(String jdk) throws Exception {
        String standIn = "tcptrace.testapp.standin.io.netty.channel.uring.IoUringServerSocketChannel";
        String entry = standIn.replace('.', '/') + ".class";
        Path jar = tmp.resolve("netty-standin.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "4.9.99.Final");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(Path.of(UnexpectedNetty.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI()).resolve(entry)));
        }
        try (ChildJvm child = ChildJvm.start(jdk, tmp, List.of("-javaagent:" + ChildJvm.agentJar() + "=journal="
                + tmp.resolve("journal") + ",off=jfr"), UnexpectedNetty.class, jar.toString(), standIn)) {
            assertThat(child.awaitExit()).as("exit; stderr: %s", child.stderr()).isZero();
            assertThat(child.stdout()).containsExactly("accepted without the hook");
            List<String> err = child.stderr();
            assertThat(err).hasSize(2);
            assertThat(err.get(0)).startsWith("tcptrace: tracing TCP sockets");
            assertThat(err.get(1)).isEqualTo("tcptrace: Netty io_uring 4.9.99.Final: " + standIn
                    + " has no newChildChannel(int,ByteBuffer): those calls are not traced");
        }
    }

    private static List<EventKind> kinds(List<SocketEvent> events) {
        return events.stream().map(SocketEvent::kind).toList();
    }
}
