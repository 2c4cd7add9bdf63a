package tcptrace.report;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.report.SyntheticEnds.T0;
import static tcptrace.report.SyntheticEnds.ep;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import tcptrace.agent.event.Endpoint;
import tcptrace.correlate.PacketKind;
import tcptrace.correlate.ResetReason;
import tcptrace.correlate.Verdict;
import tcptrace.correlate.VerdictKind;

/** The HTML page's section on peers that close idle connections, drawn by a real headless browser. */
class IdlePeersPageIT {
    private static final Endpoint SERVER = ep("10.2.0.1", 8080);

    @TempDir
    Path tmp;

    @Test
    void eachPeerGetsAChartWithAPointPerCloseAndAMarkPerStaleReuse() throws Exception {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            verdicts.add(new Verdict(VerdictKind.PEER_CLOSE, SERVER, SyntheticEnds.client(i), PacketKind.FIN,
                    T0 + i * 3_000_000_000L, null, null, null, null, null, "peer " + i,
                    Duration.ofMillis(75_000 + i), List.of(), List.of()));
        }
        verdicts.add(new Verdict(VerdictKind.PEER_RESET, SERVER, SyntheticEnds.client(9), PacketKind.RST,
                T0 + 20_000_000_000L, null, null, null, ResetReason.CLOSED,
                List.of("java.net.Socket.close(Socket.java:1)", "okhttp3.internal.connection.RealConnection.cancel(R.kt:1)"),
                "reused after the peer closed it", Duration.ZERO, List.of(), List.of()));
        Path file = tmp.resolve("peers.html");
        HtmlReport report = new HtmlReport(file, new SegmentLog());
        verdicts.forEach(report::verdict);
        report.summary(SyntheticEnds.summary(verdicts));

        ChromeDriver browser = HeadlessChromium.start(tmp.resolve("profile"));
        try {
            browser.get(file.toUri().toString());
            WebElement peer = browser.findElement(By.cssSelector("#idle-peers .idle-peer"));
            assertThat(peer.findElement(By.tagName("h3")).getText()).isEqualTo("10.2.0.1:8080");
            assertThat(peer.getText()).contains("6 idle closes: idle min 75.000 s, median 75.002 s, max 75.005 s")
                    .contains("1 stale reuse").contains("To avoid them: OkHttp: give the client a ConnectionPool");
            assertThat(peer.findElements(By.cssSelector("svg.idle-chart circle.close"))).hasSize(6);
            assertThat(peer.findElements(By.cssSelector("svg.idle-chart path.reuse"))).hasSize(1);
            assertThat(peer.findElement(By.tagName("pre")).getText())
                    .contains("okhttp3.internal.connection.RealConnection.cancel");
        } finally {
            browser.quit();
        }
    }
}
