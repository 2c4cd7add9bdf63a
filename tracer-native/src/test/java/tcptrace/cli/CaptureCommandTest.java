package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.agent.event.SocketOptionsSnapshot;
import tcptrace.journal.JournalWriter;
import tcptrace.os.WallClock;
import tcptrace.testing.Await;

/**
 * Live capture over loopback, in this JVM: it journals its own socket calls through the real journal writer (as the
 * agent would) and makes the traffic, while the capture command runs on another thread.
 */
class CaptureCommandTest {
    @TempDir
    Path tmp;

    @Test
    void liveCloseIsPrintedAsAppCloseWhileTheCaptureRuns() throws Exception {
        Await.requireRoot("it captures packets");
        Path dir = tmp.resolve("journals");
        Path json = tmp.resolve("out.jsonl");
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             JournalWriter journal = JournalWriter.open(dir, false, msg -> { })) {
            CommandLine cl = Tcptrace.commandLine();
            CaptureCommand capture = cl.getSubcommands().get("capture").getCommand();
            CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(cl, "capture", "-i", "lo",
                    "-f", "tcp port " + server.getLocalPort(), "--journal-dir", dir.toString(), "--json",
                    json.toString(), "--duration", "60s"));
            assertThat(capture.awaitStarted(Duration.ofSeconds(20))).as("capture started").isTrue();

            Endpoint client;
            long start = WallClock.nowNanos();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 Socket accepted = server.accept()) {
                client = Endpoint.of(s.getLocalAddress(), s.getLocalPort());
                Endpoint remote = Endpoint.of(s.getInetAddress(), s.getPort());
                journal.writeEvent(event(EventKind.CONNECT, start, start, client, remote));
                journal.writeEvent(event(EventKind.CLOSE, WallClock.nowNanos(), start, client, remote));
                s.close();
                try (InputStream in = accepted.getInputStream()) {
                    assertThat(in.read()).isEqualTo(-1);
                }
            }
            String expected = "{\"verdict\":\"APP_CLOSE\",\"src\":\"" + client + "\"";
            Await.until("the APP_CLOSE record", Duration.ofSeconds(20), () -> lines(json).stream()
                    .anyMatch(l -> l.startsWith(expected)));
            capture.stop();
            Cli.Result r = run.get(30, TimeUnit.SECONDS);

            assertThat(r.code()).as(r.err() + r.out()).isEqualTo(r.evidenceIncomplete() ? 1 : 0);
            assertThat(r.out()).contains("APP_CLOSE").contains("summary: ");
            assertThat(lines(json)).filteredOn(l -> l.startsWith(expected)).singleElement().asString()
                    .contains("\"pid\":" + ProcessHandle.current().pid()).contains("\"thread\":\"main\"")
                    .contains("CaptureCommandTest");
        }
    }

    @Test
    void aJournalOfAnotherOwnerIsNamedOnceCountedAndExitsOne() throws Exception {
        Await.requireRoot("it captures packets and gives a journal to another user");
        Path dir = tmp.resolve("journals");
        Path file;
        try (JournalWriter journal = JournalWriter.open(dir, false, msg -> { })) {
            file = journal.currentFile();
        }
        Files.setAttribute(file, "unix:uid", 65534);
        Cli.Result r = Cli.run("capture", "-i", "lo", "-f", "tcp port 9", "--journal-dir", dir.toString(),
                "--duration", "1s");
        assertThat(r.code()).as(r.err() + r.out()).isEqualTo(1);
        assertThat(r.errLines()).filteredOn(l -> l.contains(file.toString())).singleElement().asString()
                .startsWith("tcptrace: ").contains("owned by uid 65534");
        assertThat(r.out()).contains("journal damage: " + file);
    }

    @Test
    void recordsTheAgentDroppedAreInTheLiveSummaryAndExitOne() throws Exception {
        Await.requireRoot("it captures packets");
        Path dir = tmp.resolve("journals");
        try (JournalWriter journal = JournalWriter.open(dir, false, msg -> { })) {
            journal.close(); // a full journal: the agent drops and counts
            assertThat(journal.writeEvent(event(EventKind.OPTIONS, 1, 1, null, null))).isFalse();
            Cli.Result r = Cli.run("capture", "-i", "lo", "-f", "tcp port 9", "--journal-dir", dir.toString(),
                    "--duration", "1s");
            assertThat(r.code()).as(r.err() + r.out()).isEqualTo(1);
            assertThat(r.out()).contains("journal damage: " + journal.currentFile() + ": the agent in pid "
                    + ProcessHandle.current().pid() + " dropped 1 records (journal full)");
        }
    }

    @Test
    void withPidAConnectionToAServerPortOpenedLaterIsCapturedAndGetsItsVerdict() throws Exception {
        Await.requireRoot("it captures packets");
        Path dir = tmp.resolve("journals");
        Path json = tmp.resolve("out.jsonl");
        long me = ProcessHandle.current().pid();
        try (JournalWriter journal = JournalWriter.open(dir, false, msg -> { })) {
            CommandLine cl = Tcptrace.commandLine();
            CaptureCommand capture = cl.getSubcommands().get("capture").getCommand();
            CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(cl, "capture", "-i", "lo",
                    "--pid", Long.toString(me), "--journal-dir", dir.toString(), "--json", json.toString(),
                    "--duration", "60s"));
            assertThat(capture.awaitStarted(Duration.ofSeconds(20))).as("capture started").isTrue();

            Endpoint client;
            // a server port that did not exist when the capture started
            try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
                long start = WallClock.nowNanos();
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                     Socket accepted = server.accept()) {
                    client = Endpoint.of(s.getLocalAddress(), s.getLocalPort());
                    Endpoint remote = Endpoint.of(s.getInetAddress(), s.getPort());
                    journal.writeEvent(event(EventKind.CONNECT, start, start, client, remote));
                    journal.writeEvent(event(EventKind.CLOSE, WallClock.nowNanos(), start, client, remote));
                    s.close();
                    try (InputStream in = accepted.getInputStream()) {
                        assertThat(in.read()).isEqualTo(-1);
                    }
                }
            }
            String expected = "{\"verdict\":\"APP_CLOSE\",\"src\":\"" + client + "\"";
            Await.until("the APP_CLOSE record", Duration.ofSeconds(20), () -> lines(json).stream()
                    .anyMatch(l -> l.startsWith(expected)));
            capture.stop();
            Cli.Result r = run.get(30, TimeUnit.SECONDS);
            assertThat(r.err()).contains("(filter: tcp)");
            assertThat(lines(json)).filteredOn(l -> l.startsWith(expected)).singleElement().asString()
                    .contains("\"pid\":" + me);
        }
    }

    @Test
    void captureOnAnUnknownInterfaceIsOneLine() {
        Await.requireRoot("it opens a capture");
        Cli.Result r = Cli.run("capture", "-i", "nosuchif0", "--journal-dir", tmp.toString(), "--duration", "1s");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("tcptrace: ").contains("nosuchif0");
    }

    private static SocketEvent event(EventKind kind, long nanos, long start, Endpoint local, Endpoint remote) {
        List<String> stack = kind == EventKind.CLOSE ? List.of("java.net.Socket.close(Socket.java:1592)",
                "tcptrace.cli.CaptureCommandTest.liveCloseIsPrintedAsAppCloseWhileTheCaptureRuns("
                        + "CaptureCommandTest.java:60)") : List.of();
        return new SocketEvent(kind, nanos, 1, start, SocketApi.SOCKET, local, remote, 1, "main", false,
                kind == EventKind.CLOSE ? CloseActor.APP : CloseActor.NONE, 0, 0, SocketOptionsSnapshot.DEFAULTS,
                null, stack);
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
