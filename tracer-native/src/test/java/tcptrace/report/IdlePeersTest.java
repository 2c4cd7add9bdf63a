package tcptrace.report;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.report.SyntheticEnds.T0;
import static tcptrace.report.SyntheticEnds.ep;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.Endpoint;
import tcptrace.capture.CaptureStats;
import tcptrace.correlate.PacketKind;
import tcptrace.correlate.ResetReason;
import tcptrace.correlate.Verdict;
import tcptrace.correlate.VerdictKind;

class IdlePeersTest {
    private static final Endpoint SERVER = ep("10.2.0.1", 8080);
    private static final List<String> OKHTTP = List.of("java.net.SocketInputStream.read(SocketInputStream.java:1)",
            "okio.InputStreamSource.read(JvmOkio.kt:93)",
            "okhttp3.internal.http1.Http1ExchangeCodec.readResponseHeaders(Http1ExchangeCodec.kt:180)",
            "demo.Client.main(Client.java:9)");

    private static Verdict idleFin(int i, long idleMillis) {
        return new Verdict(VerdictKind.PEER_CLOSE, SERVER, SyntheticEnds.client(i), PacketKind.FIN,
                T0 + i * 1_000_000_000L, null, null, null, null, null, "peer", Duration.ofMillis(idleMillis),
                List.of(), List.of());
    }

    private static Verdict reuse(int i, List<String> stack) {
        return new Verdict(VerdictKind.PEER_RESET, SERVER, SyntheticEnds.client(i), PacketKind.RST,
                T0 + i * 1_000_000_000L + 5, null, null, null, ResetReason.CLOSED, stack, "reused " + i,
                Duration.ZERO, List.of(), List.of());
    }

    private static String text(List<Verdict> verdicts) {
        StringWriter bytes = new StringWriter();
        try (TextReport r = new TextReport(new PrintWriter(bytes), false)) {
            verdicts.forEach(r::verdict);
            r.summary(new Summary(Summary.count(verdicts), 1, 1, CaptureStats.NONE, List.of(), List.of()));
        }
        return bytes.toString();
    }

    @Test
    void textSummaryGivesIdleClosesReusesTheirStackAndThePoolSetting() {
        String out = text(List.of(idleFin(1, 1_003), idleFin(2, 1_001), idleFin(3, 1_010), reuse(4, OKHTTP),
                idleFin(5, 40))); // a close right after a reply is no idle close

        assertThat(out).contains("  10.2.0.1:8080: 3 idle closes (idle min 1.001 s, "
                + "median 1.003 s, max 1.010 s); 1 stale reuse\n");
        assertThat(out).contains("by " + SyntheticEnds.client(4) + ": reused 4\n"
                + "      at java.net.SocketInputStream.read(SocketInputStream.java:1)\n"
                + "      at okio.InputStreamSource.read(JvmOkio.kt:93)\n");
        assertThat(out).contains("    to avoid them: OkHttp: give the client a ConnectionPool whose keep-alive is "
                + "below 1.0 s (OkHttpClient.Builder().connectionPool(new ConnectionPool(maxIdle, keepAlive, unit))); "
                + "this peer closed connections idle for 1.0 s at the shortest");
    }

    @Test
    void theLibraryIsChosenFromTheFramesInOrder() {
        assertThat(PoolLibrary.of(List.of("org.postgresql.core.PGStream.receiveChar(PGStream.java:1)",
                "com.zaxxer.hikari.pool.ProxyConnection.isValid(ProxyConnection.java:1)"))).isEqualTo(PoolLibrary.HIKARICP);
        assertThat(PoolLibrary.of(List.of("org.apache.hc.client5.http.impl.classic.InternalExecRuntime"
                + ".discardEndpoint(InternalExecRuntime.java:1)"))).isEqualTo(PoolLibrary.APACHE_HTTPCLIENT);
        assertThat(PoolLibrary.of(List.of("reactor.netty.resources.PooledConnectionProvider.x(P.java:1)")))
                .isEqualTo(PoolLibrary.REACTOR_NETTY);
        assertThat(PoolLibrary.of(List.of("jdk.internal.net.http.Http1Exchange.x(Http1Exchange.java:1)")))
                .isEqualTo(PoolLibrary.JDK_HTTPCLIENT);
        assertThat(PoolLibrary.of(List.of("demo.Pool.take(Pool.java:3)"))).isEqualTo(PoolLibrary.UNKNOWN);
        assertThat(PoolLibrary.UNKNOWN.advice(null)).isEqualTo("an unrecognised library: retire pooled connections "
                + "after an idle time below the peer's idle timeout, or check a connection that sat idle before "
                + "writing on it");
    }

    @Test
    void memoryIsBoundedAndTheOutputSaysWhatWasLeftOut() {
        IdlePeers peers = new IdlePeers();
        for (int i = 0; i < 5_000; i++) {
            peers.add(idleFin(i, 1_000 + i % 100));
        }
        for (int i = 0; i < 20; i++) {
            peers.add(reuse(i, null));
        }
        for (int p = 0; p < IdlePeers.MAX_PEERS + 3; p++) {
            Endpoint other = ep("10.3.0." + (p % 250 + 1), 1000 + p);
            peers.add(new Verdict(VerdictKind.PEER_CLOSE, other, SERVER, PacketKind.FIN, T0, null, null, null, null,
                    null, "peer", Duration.ofSeconds(2), List.of(), List.of()));
        }
        IdlePeer server = peers.peers().get(0);
        assertThat(server.endpoint()).isEqualTo(SERVER);
        assertThat(server.idleCloses()).isEqualTo(5_000);
        assertThat(server.sample().size()).isEqualTo(IdlePeer.SAMPLE);
        assertThat(server.sample().capped()).isTrue();
        assertThat(server.minIdle()).isEqualTo(Duration.ofMillis(1_000));
        assertThat(server.maxIdle()).isEqualTo(Duration.ofMillis(1_099));
        assertThat(server.medianIdle().toMillis()).isBetween(1_040L, 1_060L);
        assertThat(server.reusesShown()).hasSize(IdlePeer.REUSES_SHOWN);
        assertThat(peers.peers()).hasSize(IdlePeers.MAX_PEERS);
        assertThat(peers.peersLeftOut()).isEqualTo(4);

        StringWriter bytes = new StringWriter();
        IdlePeersText.print(new PrintWriter(bytes), peers);
        assertThat(bytes.toString()).contains("median 1.0").contains(" of a sample of 512, max 1.099 s)")
                .contains("(15 more stale reuses; the first 5 are shown)")
                .contains("(4 more idle closes or stale reuses, of peers beyond the first 200, are not summarised)");
    }

    @Test
    void nothingIsPrintedWithoutIdleClosesOrReuses() {
        assertThat(text(List.of(idleFin(1, 10)))).doesNotContain("peers that closed idle");
    }

    @Test
    void htmlDataHasAChartPerPeer() {
        IdlePeers peers = new IdlePeers();
        peers.add(idleFin(1, 1_003));
        peers.add(idleFin(3, 1_500));
        peers.add(reuse(4, OKHTTP));
        StringBuilder b = new StringBuilder();
        IdlePeersJson.append(b, peers);
        assertThat(b.toString()).startsWith("{\"idleClose\":1.000,\"leftOut\":0,\"maxPeers\":200,\"peers\":["
                + "{\"peer\":\"10.2.0.1:8080\",").contains("\"idleCloses\":2,\"min\":1.003,\"median\":1.251,"
                + "\"max\":1.500,\"sampled\":false,\"points\":[[0.000,1.003],[2.000,1.500]],\"reuses\":1")
                .contains("\"t\":3.000,");
    }
}
