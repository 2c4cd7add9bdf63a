package tcptrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tcptrace.e2e.stale.Background;
import tcptrace.e2e.stale.PeerNetwork;
import tcptrace.lab.VerdictRecord;

/**
 * A live tracer stopped (SIGSTOP) while a traced client's keepalive gives up on a peer behind a cut cable: the
 * kernel's RST waits in the capture's buffer while the application's "Connection timed out" is already in the journal.
 * Once the tracer runs again it reads the journal long past the hold, yet the end is one KEEPALIVE_TIMEOUT on the RST,
 * since the error waits for the capture to reach it, however late that is by the wall clock. Which of the tracer's
 * threads catches up first after SIGCONT is the scheduler's choice; the capture thread is held a few ticks longer so
 * that the journal always wins, the order in which a wall-clock hold adds an UNATTRIBUTED.
 */
class PausedTracerKeepaliveIT {
    /** Longer than the hold many times over: a wall-clock bet would have decided the error without its packet. */
    private static final Duration PAUSE = Duration.ofSeconds(3);
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final int TICK_WAITS = 10;
    private static final int SERVER_PORT = 7070;
    private static final String SCENARIO = "keepalive-timeout";

    @Test
    void aKeepaliveTimeoutWhileTheTracerIsStoppedIsOneKeepaliveTimeout() throws Exception {
        Path jar = Path.of(System.getProperty("tcptrace.jar"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path dir = freshDir(Path.of("target", "paused-keepalive").toAbsolutePath());
        Path journals = Files.createDirectories(dir.resolve("journal"));
        // journals hold stacks and addresses: the agent wants its directory private
        Files.setPosixFilePermissions(journals, PosixFilePermissions.fromString("rwx------"));
        Path json = dir.resolve("verdicts.jsonl");
        String clientIp;

        try (PeerNetwork net = PeerNetwork.create()) {
            clientIp = net.clientIp;
            String server = net.serverIp + ":" + SERVER_PORT;
            try (Background tracer = Background.start("capture", net.onClient(List.of(java, "-jar", jar.toString(),
                         "capture", "-i", PeerNetwork.VETH, "-f", "tcp", "--journal-dir", journals.toString(),
                         "--json", json.toString(), "--duration", "120s")), dir.resolve("capture.log"));
                 Background serverRole = Background.start("server", net.onServer(role(java, jar, null, server,
                         "server")), dir.resolve("server.out"))) {
                tracer.await(l -> l.contains("capturing on"), STEP, "capture start");
                serverRole.await(l -> l.equals("@@ LISTENING"), STEP, "listening server");
                try (Background client = Background.start("client", net.onClient(role(java, jar, journals, server,
                        "client")), dir.resolve("client.out"))) {
                    client.await(l -> l.equals("@@ CONNECTED"), STEP, "connected client");
                    awaitTracerFollows(tracer.pid(), awaitJournal(journals));
                    long tick = FrozenThread.thread(tracer.pid(), "tcptrace-tick", false);
                    try {
                        signal("STOP", tracer.pid());
                        // the keepalive (idle 1 s, 2 probes 1 s apart) gives up about 3 s after the cut
                        net.cutCable();
                        client.await(l -> l.startsWith("@@ FAILED"), STEP, "keepalive failure");
                        Thread.sleep(PAUSE.toMillis()); // the tracer stays stopped this long after the RST: the case
                        // the worst order once it runs again: the journal is read before the capture thread goes on
                        try (FrozenThread capture = FrozenThread.freeze(FrozenThread.thread(tracer.pid(), "java",
                                true))) {
                            long waits = FrozenThread.voluntarySwitches(tracer.pid(), tick);
                            signal("CONT", tracer.pid());
                            awaitTicks(tracer.pid(), tick, waits);
                        }
                    } finally {
                        signal("CONT", tracer.pid());
                    }
                    String clientEnd = "\"src\":\"" + clientIp + ":";
                    awaitLine(json, l -> l.contains(clientEnd) && l.contains("\"packet\":\"RST\""),
                            "a verdict on the client's RST");
                    signal("INT", tracer.pid());
                    int exit = tracer.awaitExit(STEP);
                    assertThat(exit).as("capture exit (130: interrupted)").isIn(0, 130);
                }
            }
        }

        List<VerdictRecord> records = Files.readAllLines(json).stream().filter(l -> l.startsWith("{"))
                .map(VerdictRecord::parse).toList();
        assertThat(records).as("every verdict of the run").noneMatch(r -> "UNATTRIBUTED".equals(r.text("verdict")))
                .filteredOn(r -> r.text("src") != null && r.text("src").startsWith(clientIp + ":"))
                .singleElement().satisfies(r -> {
                    assertThat(r.text("verdict")).isEqualTo("KEEPALIVE_TIMEOUT");
                    assertThat(r.text("packet")).isEqualTo("RST");
                });
    }

    /** The scenario's role as the product runs it, the client traced with its journal in {@code journals}. */
    private static List<String> role(String java, Path jar, Path journals, String server, String side) {
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        if (journals != null) {
            command.add("-javaagent:" + jar + "=journal=" + journals);
        }
        command.addAll(List.of("-jar", jar.toString(), "demo", "--run-role", SCENARIO, side, server));
        return command;
    }

    /**
     * {@link #TICK_WAITS} more waits of the tick thread than {@code before}: each tick ends in one (a lock it meets on
     * the way may add more), so several ticks have read the journal and held or decided the error.
     */
    private static void awaitTicks(long pid, long tick, long before) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (FrozenThread.voluntarySwitches(pid, tick) < before + TICK_WAITS) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the tracer's tick thread did not run within " + STEP.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
    }

    private static void awaitLine(Path file, Predicate<String> wanted, String what) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (lines.stream().anyMatch(wanted)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + what + " in " + file + " within " + STEP.toSeconds() + " s; so far: " + lines);
    }

    private static Path freshDir(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    private static Path awaitJournal(Path journals) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(journals)) {
                List<Path> found = files.filter(f -> f.toString().endsWith(".journal")).toList();
                if (!found.isEmpty()) {
                    return found.get(0);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no journal in " + journals + " within " + STEP.toSeconds() + " s");
    }

    /** The tracer has mapped the client's journal, so it knows the JVM before it is stopped. */
    private static void awaitTracerFollows(long tracerPid, Path journal) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (Files.readString(Path.of("/proc", Long.toString(tracerPid), "maps"))
                        .contains(journal.toAbsolutePath().toString())) {
                    return;
                }
            } catch (IOException e) {
                // the tracer is starting or gone: the deadline decides
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the tracer did not map " + journal + " within " + STEP.toSeconds() + " s");
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", name, pid).isZero();
    }
}
