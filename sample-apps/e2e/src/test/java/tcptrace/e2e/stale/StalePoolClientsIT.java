package tcptrace.e2e.stale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tcptrace.lab.InstalledJdks;
import tcptrace.lab.JavaRelease;
import tcptrace.lab.LabEnvironment;
import tcptrace.lab.VerdictRecord;

/**
 * Pooled connections reused after the server closed them, with real clients (traced) against real servers
 * (untraced, in a namespace of their own, so that their ends are peers): Apache HttpClient 5 classic and OkHttp 5
 * against nginx with a 1 s keepalive_timeout, HikariCP with pgjdbc against PostgreSQL with a 1 s
 * idle_session_timeout; Apache's on JDK 17 and JDK 25. Each test waits for the server's FIN on the wire before the client goes on; the verdicts
 * come from {@code tcptrace report} on tcpdump's capture and the client's journal.
 */
@Execution(ExecutionMode.CONCURRENT)
class StalePoolClientsIT {
    private static final Duration SERVER_IDLE_TIMEOUT = Duration.ofSeconds(1);
    private static Path jar;

    @BeforeAll
    static void prerequisites() {
        List<String> problems = LabEnvironment.namespaceProblems();
        if (!problems.isEmpty()) {
            fail("the stale-reuse tests need network namespaces; missing: " + String.join("; ", problems));
        }
        String property = System.getProperty("tcptrace.jar");
        if (property == null || !Files.isRegularFile(Path.of(property))) {
            fail("no tcptrace.jar at " + property + ": build it first (mvn -B install at the repository root)");
        }
        jar = Path.of(property);
    }

    static Stream<Path> jdks() {
        return Stream.of(Path.of(System.getProperty("java.home")), InstalledJdks.require(25));
    }

    @ParameterizedTest(name = "traced JVM {0}")
    @MethodSource("jdks")
    void apacheClassicWithoutValidationWritesOnTheClosedConnectionAndGetsNoHttpResponse(Path jdk) throws Exception {
        try (StaleRun run = StaleRun.start("apache-classic-" + JavaRelease.feature(jdk), jar)) {
            run.server(Nginx.start(run.net, run.dir, SERVER_IDLE_TIMEOUT));
            Background client = run.client(jdk, ApacheClassicReuse.class,
                    "http://" + run.net.serverIp + ":" + Nginx.PORT + "/");
            client.await("first GET: 200"::equals, StaleRun.STEP, "the first GET");
            client.await("IDLE"::equals, StaleRun.STEP, "IDLE");
            run.wire.awaitFin(run.serverOnWire(Nginx.PORT), StaleRun.STEP);
            client.send("GO");
            String second = client.await(l -> l.startsWith("second GET"), StaleRun.STEP, "the second GET");
            assertThat(second).startsWith("second GET failed: org.apache.hc.core5.http.NoHttpResponseException");
            client.await("DONE"::equals, StaleRun.STEP, "DONE");
            run.wire.awaitRst(run.serverOnWire(Nginx.PORT), StaleRun.STEP);

            List<VerdictRecord> verdicts = run.verdicts();
            VerdictRecord idleClose = only(verdicts, "PEER_CLOSE", null);
            assertThat(idle(idleClose)).isBetween(1.0, 1.5); // nginx's keepalive_timeout, to its timer's precision
            VerdictRecord reuse = only(verdicts, "PEER_RESET", "closed");
            assertThat(reuse.text("explanation")).contains("the connection was reused after the peer closed it")
                    .contains("read end-of-stream", "closed the connection at org.apache.hc.");
            assertThat(stack(reuse)).anyMatch(f -> f.startsWith("org.apache.hc.client5."));
            assertThat(verdicts).noneMatch(v -> "no-socket".equals(v.text("reason")));

            String text = run.report("text");
            assertThat(text).contains(run.net.serverIp + ":" + Nginx.PORT + ": 1 idle close (idle min 1.0")
                    .contains("; 1 stale reuse").contains("to avoid them: Apache HttpClient: evict idle connections "
                    + "below 1.0 s");
        }
    }

    @Test
    void okHttpRetriesAGetOnTheClosedConnectionSilentlyAndTheReuseStillShows() throws Exception {
        try (StaleRun run = StaleRun.start("okhttp-get", jar)) {
            run.server(Nginx.start(run.net, run.dir, SERVER_IDLE_TIMEOUT));
            Background client = run.client(OkHttpReuse.class, "get",
                    "http://" + run.net.serverIp + ":" + Nginx.PORT + "/");
            client.await("first GET: 200"::equals, StaleRun.STEP, "the first GET");
            client.await("IDLE"::equals, StaleRun.STEP, "IDLE");
            run.wire.awaitFin(run.serverOnWire(Nginx.PORT), StaleRun.STEP);
            client.send("GO");
            // the application sees success: OkHttp retried on a new connection
            assertThat(client.await(l -> l.startsWith("second"), StaleRun.STEP, "the second GET"))
                    .isEqualTo("second GET: 200");
            client.await("DONE"::equals, StaleRun.STEP, "DONE");
            run.wire.awaitRst(run.serverOnWire(Nginx.PORT), StaleRun.STEP);

            List<VerdictRecord> verdicts = run.verdicts();
            VerdictRecord reuse = only(verdicts, "PEER_RESET", "closed");
            assertThat(stack(reuse)).anyMatch(f -> f.startsWith("okhttp3."));
            assertThat(reuse.text("explanation")).contains("reused after the peer closed it");
            assertThat(run.report("text")).contains("to avoid them: OkHttp: give the client a ConnectionPool whose "
                    + "keep-alive is below 1.0 s");
        }
    }

    @Test
    void okHttpChecksAPostAfterTenSecondsIdleSoNothingIsWrittenOnTheClosedConnection() throws Exception {
        try (StaleRun run = StaleRun.start("okhttp-post", jar)) {
            run.server(Nginx.start(run.net, run.dir, SERVER_IDLE_TIMEOUT));
            Background client = run.client(OkHttpReuse.class, "post",
                    "http://" + run.net.serverIp + ":" + Nginx.PORT + "/");
            client.await("first POST: 200"::equals, StaleRun.STEP, "the first POST");
            client.await("IDLE"::equals, StaleRun.STEP, "IDLE");
            run.wire.awaitFin(run.serverOnWire(Nginx.PORT), StaleRun.STEP);
            client.send("GO");
            assertThat(client.await(l -> l.startsWith("second"), StaleRun.STEP, "the second POST"))
                    .isEqualTo("second POST: 200");
            client.await("DONE"::equals, StaleRun.STEP, "DONE");
            run.wire.awaitFin(run.net.clientIp + ".", StaleRun.STEP); // OkHttp's close of the connection it checked

            List<VerdictRecord> verdicts = run.verdicts();
            assertThat(verdicts).noneMatch(v -> "closed".equals(v.text("reason")));
            assertThat(verdicts).noneMatch(v -> "PEER_RESET".equals(v.text("verdict")));
            // the checked connection: nginx's idle close, then OkHttp's own close of it
            assertThat(idle(verdicts.stream().filter(v -> "PEER_CLOSE".equals(v.text("verdict"))).findFirst()
                    .orElseThrow())).isBetween(1.0, 1.5);
            assertThat(verdicts).anyMatch(v -> "APP_CLOSE".equals(v.text("verdict"))
                    && stack(v).stream().anyMatch(f -> f.startsWith("okhttp3.")));
        }
    }

    @Test
    void hikariFindsTheSessionThatPostgresEndedByWritingOnIt() throws Exception {
        try (StaleRun run = StaleRun.start("hikari-postgres", jar)) {
            run.server(Postgres.start(run.net, run.dir, SERVER_IDLE_TIMEOUT));
            Background client = run.client(HikariReuse.class,
                    "jdbc:postgresql://" + run.net.serverIp + ":" + Postgres.PORT + "/postgres");
            client.await("first query: 1"::equals, StaleRun.STEP, "the first query");
            client.await("IDLE"::equals, StaleRun.STEP, "IDLE");
            run.wire.awaitFin(run.serverOnWire(Postgres.PORT), StaleRun.STEP);
            client.send("GO");
            assertThat(client.await(l -> l.startsWith("second"), StaleRun.STEP, "the second query"))
                    .isEqualTo("second query: 1");
            client.await("DONE"::equals, StaleRun.STEP, "DONE");
            run.wire.awaitRst(run.serverOnWire(Postgres.PORT), StaleRun.STEP);

            List<VerdictRecord> verdicts = run.verdicts();
            VerdictRecord reuse = only(verdicts, "PEER_RESET", "closed");
            assertThat(stack(reuse)).anyMatch(f -> f.startsWith("com.zaxxer.hikari."));
            assertThat(run.report("text")).contains("to avoid them: HikariCP: set idleTimeout and maxLifetime");
        }
    }

    private static VerdictRecord only(List<VerdictRecord> verdicts, String verdict, String reason) {
        List<VerdictRecord> found = verdicts.stream().filter(v -> verdict.equals(v.text("verdict"))
                && (reason == null || reason.equals(v.text("reason")))).toList();
        assertThat(found).as("%s %s among%n%s", verdict, reason, describe(verdicts)).hasSize(1);
        return found.get(0);
    }

    private static double idle(VerdictRecord v) {
        Object idle = v.fields().get("idle");
        assertThat(idle).as("idle of %s", v.fields()).isInstanceOf(Double.class);
        return (Double) idle;
    }

    @SuppressWarnings("unchecked")
    private static List<String> stack(VerdictRecord v) {
        Object stack = v.fields().get("stack");
        return stack == null ? List.of() : (List<String>) stack;
    }

    private static String describe(List<VerdictRecord> verdicts) {
        StringBuilder b = new StringBuilder();
        verdicts.forEach(v -> b.append("  ").append(v.fields()).append('\n'));
        return b.toString();
    }
}
