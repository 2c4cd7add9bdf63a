package tcptrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.journal.JournalEntry;
import tcptrace.journal.JvmJournal;
import tcptrace.testapp.ChannelCloses;
import tcptrace.testapp.CloseAndEof;
import tcptrace.testapp.CloseThenWait;
import tcptrace.testapp.LeakedSocket;
import tcptrace.testapp.LoopbackAliases;
import tcptrace.testapp.NoSockets;
import tcptrace.testapp.RecordingStartedLater;
import tcptrace.testapp.ScatterGather;
import tcptrace.testapp.WaitForAttach;

/** The built agent jar in child JVMs, on JDK 17 and on JDK 25, read back from the journal and the JFR file. */
class AgentIT {
    @TempDir
    Path tmp;

    /** JDK 17, which runs the tests (and Maven: .ci/run pins it), and JDK 25, found as {@link InstalledJdks} says. */
    static Stream<String> jdks() {
        int running = Runtime.version().feature();
        if (running != 17) {
            throw new IllegalStateException("the tests run on JDK " + running + ", not 17: run Maven with JAVA_HOME "
                    + "set to a JDK 17, as .ci/run does");
        }
        return Stream.of(System.getProperty("java.home"), InstalledJdks.require(25).toString());
    }

    /** Runs {@code app} under the agent (journal only) to a clean exit; its first line of output. */
    private String firstLineOfCleanRun(String jdk, Class<?> app) throws Exception {
        try (ChildJvm child = ChildJvm.start(jdk, tmp, agent("off=jfr"), app)) {
            assertThat(child.awaitExit()).as("exit; stderr: %s", child.stderr()).isZero();
            return child.stdout().get(0);
        }
    }

    private List<String> agent(String extra) {
        String opts = "journal=" + tmp.resolve("journal") + ",jfr=" + tmp.resolve("rec.jfr");
        return List.of("-javaagent:" + ChildJvm.agentJar() + "=" + opts + (extra.isEmpty() ? "" : "," + extra));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void applicationCloseAndEndOfStreamAreRecordedInOrderWithTuplesAndStacks(String jdk) throws Exception {
        int exit;
        List<String> out;
        try (ChildJvm child = ChildJvm.start(jdk, tmp, agent(""), CloseAndEof.class)) {
            exit = child.awaitExit();
            out = child.stdout();
            assertThat(child.stderr()).singleElement().asString().startsWith("tcptrace: tracing TCP sockets");
        }
        assertThat(exit).isEqualTo(7);
        String[] ports = out.get(0).split(" ");
        int clientPort = Integer.parseInt(ports[1]);
        int serverPort = Integer.parseInt(ports[3]);

        JvmJournal journal = onlyJournal();
        assertThat(journal.status()).isEqualTo(JvmJournal.Status.EXITED);
        assertThat(journal.entries().get(0)).isInstanceOfSatisfying(JournalEntry.Start.class,
                s -> assertThat(s.attached()).isFalse());
        List<SocketEvent> events = events(journal);
        assertThat(events).extracting(SocketEvent::kind)
                .containsExactly(EventKind.CONNECT, EventKind.ACCEPT, EventKind.CLOSE, EventKind.EOF,
                        EventKind.CLOSE);

        SocketEvent connect = events.get(0);
        SocketEvent accept = events.get(1);
        SocketEvent clientClose = events.get(2);
        SocketEvent eof = events.get(3);
        SocketEvent serverClose = events.get(4);
        assertThat(connect.local().port()).isEqualTo(clientPort);
        assertThat(connect.remote().port()).isEqualTo(serverPort);
        assertThat(connect.options().keepAlive()).isEqualTo(1);
        assertThat(accept.api()).isEqualTo(SocketApi.SERVER_SOCKET);
        assertThat(accept.local()).isEqualTo(connect.remote());
        assertThat(accept.remote()).isEqualTo(connect.local());
        assertThat(clientClose.connectionId()).isEqualTo(connect.connectionId());
        assertThat(clientClose.actor()).isEqualTo(CloseActor.APP);
        assertThat(clientClose.bytesWritten()).isEqualTo(5);
        assertThat(clientClose.stack()).first().asString().startsWith("sun.nio.ch.NioSocketImpl.close(");
        assertThat(clientClose.stack()).anyMatch(f -> f.startsWith("java.net.Socket.close(Socket.java:"))
                .anyMatch(f -> f.startsWith("tcptrace.testapp.CloseAndEof.clientCloses(CloseAndEof.java:"))
                .noneMatch(f -> f.startsWith("tcptrace.agent.") || f.startsWith("tcptrace.shaded."));
        assertThat(eof.connectionId()).isEqualTo(accept.connectionId());
        assertThat(eof.bytesRead()).isEqualTo(5);
        assertThat(serverClose.connectionId()).isEqualTo(accept.connectionId());
        assertThat(events).extracting(SocketEvent::epochNanos).isSorted();

        List<RecordedEvent> jfr = jfrEvents();
        assertThat(jfr).extracting(e -> e.getEventType().getName()).containsExactly("tcptrace.Connect",
                "tcptrace.Accept", "tcptrace.Close", "tcptrace.Eof", "tcptrace.Close");
        RecordedEvent close = jfr.get(2);
        assertThat(close.getLong("wallClockNanos")).isEqualTo(clientClose.epochNanos());
        assertThat(close.getInt("localPort")).isEqualTo(clientPort);
        assertThat(close.getString("remoteAddress")).isEqualTo("127.0.0.1");
        assertThat(close.getString("actor")).isEqualTo("APP");
        assertThat(close.getString("stack")).isEqualTo(String.join("\n", clientClose.stack()));
        // the stack is the event's field; JFR's own trace would record it twice
        assertThat(jfr).allSatisfy(e -> assertThat(e.getStackTrace()).isNull());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aJvmThatOpensNoSocketNeverBuildsTheWeaver(String jdk) throws Exception {
        Path classLog = tmp.resolve("classes.log");
        // no jfr=: starting a recording loads the socket classes for JFR's own socket events, and so weaves them
        List<String> options = List.of("-Xlog:class+load:file=" + classLog,
                "-javaagent:" + ChildJvm.agentJar() + "=journal=" + tmp.resolve("journal"));
        try (ChildJvm child = ChildJvm.start(jdk, tmp, options, NoSockets.class)) {
            assertThat(child.awaitExit()).isZero();
            assertThat(child.stdout()).containsExactly("no sockets");
            assertThat(child.stderr()).singleElement().asString().startsWith("tcptrace: tracing TCP sockets");
        }
        List<String> loaded = Files.readAllLines(classLog);
        assertThat(loaded).anyMatch(l -> l.contains(" tcptrace.agent.TcptraceAgent "));
        assertThat(loaded).noneMatch(l -> l.contains(" sun.nio.ch.NioSocketImpl ")
                || l.contains(" sun.nio.ch.SocketChannelImpl ")
                || l.contains(".bytebuddy.agent.builder.AgentBuilder$Default "));
        assertThat(onlyJournal().status()).isEqualTo(JvmJournal.Status.EXITED);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void bothEndsReportTheAddressesTheKernelChose(String jdk) throws Exception {
        String[] ports = firstLineOfCleanRun(jdk, LoopbackAliases.class).split(" ");
        Endpoint client = new Endpoint(new byte[] {127, 0, 0, 2}, Integer.parseInt(ports[0]));
        Endpoint server = new Endpoint(new byte[] {127, 0, 0, 3}, Integer.parseInt(ports[1]));

        List<SocketEvent> events = events(onlyJournal());

        assertThat(events).filteredOn(e -> e.kind() == EventKind.CONNECT).singleElement()
                .satisfies(e -> assertThat(List.of(e.local(), e.remote())).containsExactly(client, server));
        assertThat(events).filteredOn(e -> e.kind() == EventKind.ACCEPT).singleElement()
                .satisfies(e -> assertThat(List.of(e.local(), e.remote())).containsExactly(server, client));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aLaterJvmTakesTheWovenClassesFromTheCacheAndTracesAlikeWithoutSettingUpJfr(String jdk) throws Exception {
        Path cache = tmp.resolve("woven");
        List<List<EventKind>> kinds = new ArrayList<>();
        List<Boolean> builtTheWeaver = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Path journal = tmp.resolve("journal-" + run);
            Path classLog = tmp.resolve("classes-" + run + ".log");
            List<String> options = List.of("-Xlog:class+load:file=" + classLog, "-Dtcptrace.weaveCache=" + cache,
                    "-javaagent:" + ChildJvm.agentJar() + "=journal=" + journal);
            try (ChildJvm child = ChildJvm.start(jdk, tmp, options, CloseAndEof.class)) {
                assertThat(child.awaitExit()).isEqualTo(7);
                assertThat(child.stderr()).singleElement().asString().startsWith("tcptrace: tracing TCP sockets");
            }
            List<String> loaded = Files.readAllLines(classLog);
            builtTheWeaver.add(loaded.stream()
                    .anyMatch(l -> l.contains(".bytebuddy.agent.builder.AgentBuilder$Default ")));
            // no recording in this JVM: the JFR sink leaves JFR's event machinery alone
            assertThat(loaded).noneMatch(l -> l.contains(" jdk.jfr.internal.MetadataRepository "));
            kinds.add(events(onlyJournalIn(journal)).stream().map(SocketEvent::kind).toList());
        }
        assertThat(builtTheWeaver).containsExactly(true, false);
        assertThat(kinds.get(1)).isEqualTo(kinds.get(0))
                .containsExactly(EventKind.CONNECT, EventKind.ACCEPT, EventKind.CLOSE, EventKind.EOF,
                        EventKind.CLOSE);
        try (Stream<Path> entries = Files.list(cache)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("sun.nio.ch.NioSocketImpl-") && n.endsWith(".woven"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aRecordingStartedLaterGetsTheEventsFromThenOn(String jdk) throws Exception {
        Path recording = tmp.resolve("later.jfr");
        Path settings = tmp.resolve("tcptrace.jfc");
        try (var in = AgentIT.class.getResourceAsStream("/tcptrace.jfc")) {
            Files.copy(in, settings);
        }
        List<String> out;
        try (ChildJvm child = ChildJvm.start(jdk, tmp, List.of("-javaagent:" + ChildJvm.agentJar() + "=journal="
                + tmp.resolve("journal")), RecordingStartedLater.class, recording.toString(),
                settings.toString())) {
            assertThat(child.awaitExit()).as("exit; stderr: %s", child.stderr()).isZero();
            out = child.stdout();
        }
        int before = Integer.parseInt(out.get(0).split(" ")[1]);
        int during = Integer.parseInt(out.get(1).split(" ")[1]);
        List<RecordedEvent> connects = RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().equals("tcptrace.Connect")).toList();
        assertThat(connects).extracting(e -> e.getInt("localPort")).containsExactly(during);
        assertThat(events(onlyJournal())).filteredOn(e -> e.kind() == EventKind.CONNECT)
                .extracting(e -> e.local().port()).containsExactly(before, during);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void leakedSocketIsClosedByTheCleanerWithTheStackThatOpenedIt(String jdk) throws Exception {
        String line = firstLineOfCleanRun(jdk, LeakedSocket.class);
        assertThat(line).endsWith(" cleaned");
        int leakedPort = Integer.parseInt(line.split(" ")[1]);
        SocketEvent close = events(onlyJournal()).stream()
                .filter(e -> e.kind() == EventKind.CLOSE && e.local().port() == leakedPort)
                .findFirst().orElseThrow();
        assertThat(close.actor()).isEqualTo(CloseActor.CLEANER);
        assertThat(close.threadName()).isEqualTo("Common-Cleaner");
        assertThat(close.stack()).anyMatch(f -> f.startsWith("tcptrace.testapp.LeakedSocket.leak(LeakedSocket.java:"));
        assertThat(Files.exists(tmp.resolve("rec.jfr"))).isFalse();
    }

    /**
     * {@code stack=close}: no stack is taken where a connection opens, so the Cleaner's close of a leak carries none,
     * while the application's closes keep theirs.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void stackCloseKeepsClosingStacksAndNoOpeningStackForTheCleaner(String jdk) throws Exception {
        String line;
        try (ChildJvm child = ChildJvm.start(jdk, tmp, agent("off=jfr,stack=close"), LeakedSocket.class)) {
            assertThat(child.awaitExit()).as("exit; stderr: %s", child.stderr()).isZero();
            line = child.stdout().get(0);
        }
        assertThat(line).endsWith(" cleaned");
        int leakedPort = Integer.parseInt(line.split(" ")[1]);
        List<SocketEvent> closes = events(onlyJournal()).stream().filter(e -> e.kind() == EventKind.CLOSE).toList();
        assertThat(closes).filteredOn(e -> e.local().port() == leakedPort).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(CloseActor.CLEANER);
            assertThat(e.stack()).isEmpty();
        });
        assertThat(closes).filteredOn(e -> e.actor() == CloseActor.APP).isNotEmpty().allSatisfy(e ->
                assertThat(e.stack()).anyMatch(f -> f.startsWith("tcptrace.testapp.LeakedSocket.main(")));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void gatheringWritesAndScatteringReadsAreCounted(String jdk) throws Exception {
        String line = firstLineOfCleanRun(jdk, ScatterGather.class);
        int clientPort = Integer.parseInt(line.split(" ")[1]);
        assertThat(line).endsWith(" read 12");
        List<SocketEvent> closes = events(onlyJournal()).stream().filter(e -> e.kind() == EventKind.CLOSE).toList();
        assertThat(closes).filteredOn(e -> e.local().port() == clientPort).singleElement()
                .satisfies(e -> assertThat(e.bytesWritten()).isEqualTo(12));
        assertThat(closes).filteredOn(e -> e.remote().port() == clientPort).singleElement()
                .satisfies(e -> assertThat(e.bytesRead()).isEqualTo(12));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void socketChannelClosesAreRecordedWhicheverWayTheyHappen(String jdk) throws Exception {
        List<String> out;
        try (ChildJvm child = ChildJvm.start(jdk, tmp, agent("off=jfr"), ChannelCloses.class)) {
            assertThat(child.awaitExit()).isZero();
            out = child.stdout();
        }
        boolean virtualThreads = out.stream().anyMatch(l -> l.startsWith("virtual "));
        assertThat(out).hasSize(virtualThreads ? 4 : 3).allMatch(l -> l.endsWith(" -1"));
        List<SocketEvent> events = events(onlyJournal());
        for (String line : out) {
            int port = Integer.parseInt(line.split(" ")[1]);
            assertThat(events).filteredOn(e -> e.kind() == EventKind.CLOSE && e.local().port() == port)
                    .singleElement().satisfies(e -> {
                        assertThat(e.api()).isEqualTo(SocketApi.SOCKET_CHANNEL);
                        assertThat(e.actor()).isEqualTo(line.startsWith("interrupt ") ? CloseActor.INTERRUPT
                                : CloseActor.APP);
                        assertThat(e.threadName()).isEqualTo("main");
                        assertThat(e.stack()).anyMatch(f -> f.startsWith("tcptrace.testapp.ChannelCloses."));
                    });
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void closeSurvivesSigkillRightAfterIt(String jdk) throws Exception {
        int port;
        try (ChildJvm child = ChildJvm.start(jdk, tmp, agent(""), CloseThenWait.class)) {
            port = Integer.parseInt(child.awaitLine("closed ").split(" ")[1]);
            child.kill();
        }
        JvmJournal journal = onlyJournal();
        assertThat(journal.status()).isEqualTo(JvmJournal.Status.KILLED);
        assertThat(journal.exit()).isEmpty();
        assertThat(events(journal)).filteredOn(e -> e.kind() == EventKind.CLOSE)
                .singleElement().satisfies(e -> {
                    assertThat(e.local().port()).isEqualTo(port);
                    assertThat(e.stack()).anyMatch(f -> f.startsWith("tcptrace.testapp.CloseThenWait.closeIt("));
                });
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void attachedAgentSeesTheCloseOfAConnectionOpenedBeforeIt(String jdk) throws Exception {
        List<String> jvmOptions = jdk.equals(System.getProperty("java.home")) ? List.of()
                : List.of("-XX:+EnableDynamicAgentLoading");
        try (ChildJvm child = ChildJvm.start(jdk, tmp, jvmOptions, WaitForAttach.class)) {
            String[] ready = child.awaitLine("ready ").split(" ");
            int clientPort = Integer.parseInt(ready[2]);
            int serverPort = Integer.parseInt(ready[3]);
            VirtualMachine vm = VirtualMachine.attach(Long.toString(child.pid()));
            try {
                vm.loadAgent(ChildJvm.agentJar(), "journal=" + tmp.resolve("journal") + ",off=jfr");
                vm.loadAgent(ChildJvm.agentJar(), "journal=" + tmp.resolve("journal") + ",off=jfr");
            } finally {
                vm.detach();
            }
            child.sendLine("go");
            child.awaitLine("closed");
            assertThat(child.awaitExit()).isZero();
            assertThat(child.stderr()).filteredOn(l -> l.startsWith("tcptrace:"))
                    .hasSize(2)
                    .anyMatch(l -> l.startsWith("tcptrace: tracing TCP sockets"))
                    .anyMatch(l -> l.equals("tcptrace: agent already active in this JVM; nothing done"));

            JvmJournal journal = onlyJournal();
            assertThat(journal.attached()).isTrue();
            List<SocketEvent> closes = events(journal).stream().filter(e -> e.kind() == EventKind.CLOSE).toList();
            assertThat(closes).anySatisfy(e -> {
                assertThat(e.local().port()).isEqualTo(clientPort);
                assertThat(e.remote().port()).isEqualTo(serverPort);
                assertThat(e.connectionStartNanos()).isZero();
                assertThat(e.actor()).isEqualTo(CloseActor.APP);
                assertThat(e.stack()).anyMatch(f -> f.startsWith("tcptrace.testapp.WaitForAttach.closeAfterAttach("));
            });
        }
    }

    @Test
    void unusableJournalDirectoryCostsOneLineAndNothingElse() throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        Run without = run(List.of());
        Run with = run(List.of("-javaagent:" + ChildJvm.agentJar() + "=journal=" + notADirectory + ",jfr="
                + tmp.resolve("rec.jfr")));
        assertThat(with.exit).isEqualTo(without.exit).isEqualTo(7);
        assertThat(with.stdout.get(1)).isEqualTo(without.stdout.get(1));
        assertThat(with.stderr).singleElement().asString().startsWith("tcptrace: tracing TCP sockets, but no journal (");
        assertThat(jfrEvents()).extracting(e -> e.getEventType().getName()).contains("tcptrace.Close");
    }

    @Test
    void unknownOptionLeavesTheAgentOffEntirely() throws Exception {
        Run without = run(List.of());
        Run with = run(List.of("-javaagent:" + ChildJvm.agentJar() + "=journal=" + tmp.resolve("journal")
                + ",colour=blue"));
        assertThat(with.exit).isEqualTo(without.exit);
        assertThat(with.stdout.get(1)).isEqualTo(without.stdout.get(1));
        assertThat(with.stderr).containsExactly("tcptrace: agent off: unknown agent option 'colour=blue'");
        assertThat(tmp.resolve("journal")).doesNotExist();
    }

    private record Run(int exit, List<String> stdout, List<String> stderr) {
    }

    private Run run(List<String> jvmOptions) throws IOException, InterruptedException {
        try (ChildJvm child = ChildJvm.start(System.getProperty("java.home"), tmp, jvmOptions, CloseAndEof.class)) {
            int exit = child.awaitExit();
            return new Run(exit, child.stdout(), child.stderr());
        }
    }

    private JvmJournal onlyJournal() throws Exception {
        return onlyJournalIn(tmp.resolve("journal"));
    }

    private static JvmJournal onlyJournalIn(Path dir) throws Exception {
        List<JvmJournal> all = JvmJournal.list(dir);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static List<SocketEvent> events(JvmJournal journal) {
        List<SocketEvent> out = new ArrayList<>();
        for (JournalEntry e : journal.entries()) {
            if (e instanceof JournalEntry.Event ev) {
                out.add(ev.event());
            }
        }
        return out;
    }

    private List<RecordedEvent> jfrEvents() throws IOException {
        return RecordingFile.readAllEvents(tmp.resolve("rec.jfr")).stream()
                .filter(e -> e.getEventType().getName().startsWith("tcptrace."))
                .sorted(java.util.Comparator.comparingLong(e -> e.getLong("wallClockNanos")))
                .toList();
    }
}
