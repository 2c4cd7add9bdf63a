package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tcptrace.capture.PcapFileSource;
import tcptrace.correlate.Packet;
import tcptrace.correlate.Verdict;
import tcptrace.correlate.VerdictKind;
import tcptrace.report.HeadlessChromium;
import tcptrace.report.HtmlReport;
import tcptrace.report.SegmentLog;
import tcptrace.report.SyntheticEnds;

/**
 * {@code report --format html} on real captures, opened in a headless chromium: filter the table, open the
 * client's connection, check the diagram against the capture, and read the stack of the close.
 */
class HtmlTimelineIT {
    @TempDir
    static Path tmp;

    private static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(tmp.resolve("profile"));
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void closeShowsTheConnectionsSegmentsAndTheStackOfTheClose() throws Exception {
        ScenarioCapture c = ScenarioCapture.run("close", tmp.resolve("close"), false);
        Path html = report(c, "close.html");

        open(html);
        new Select(browser.findElement(By.id("filter-verdict"))).selectByValue("APP_CLOSE");
        type("filter-port", String.valueOf(c.clientPort()));
        List<WebElement> rows = rows();
        assertThat(rows).singleElement().satisfies(r -> assertThat(r.getText()).contains(c.client()));
        rows.get(0).click();

        List<Packet> wire = segmentsOf(c.pcap(), c.clientPort());
        List<String> labels = segmentLabels();
        assertThat(labels).as("every segment of a connection this short").hasSize(wire.size());
        assertThat(labels.get(0)).as("the handshake opens the diagram").isEqualTo("SYN");
        assertThat(labels).contains("FIN+ACK").anyMatch(l -> l.matches("PSH\\+ACK len \\d+"));
        long clientFins = browser.findElements(By.cssSelector("#timeline g.seg.fin[data-from='a']")).size();
        assertThat(clientFins).as("the client's FIN, on its lane").isEqualTo(1);

        WebElement close = browser.findElement(By.cssSelector("#timeline g.app-event.CLOSE"));
        assertThat(close.getAttribute("data-lane")).isEqualTo("a");
        assertThat(close.findElement(By.tagName("title")).getAttribute("textContent"))
                .as("the stack shown on hover").contains("tcptrace.cli.e2e.ScenarioClient.main(");
        close.findElement(By.tagName("circle")).click();
        WebElement stack = browser.findElement(By.id("stack"));
        assertThat(stack.isDisplayed()).isTrue();
        assertThat(stack.getText()).contains("java.net.Socket.close(").contains("ScenarioClient.main(");

        Path png = docsImage();
        Files.createDirectories(png.getParent());
        Files.write(png, browser.findElement(By.id("detail")).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(png)).isGreaterThan(1000);
    }

    @Test
    void killedClientShowsItsProcessExitAndTheRstOfLingerZero() throws Exception {
        ScenarioCapture killed = ScenarioCapture.run("kill", tmp.resolve("kill"), false);
        open(report(killed, "kill.html"));
        new Select(browser.findElement(By.id("filter-verdict"))).selectByValue("PROCESS_EXIT");
        type("filter-pid", String.valueOf(killed.pid()));
        browser.findElement(By.cssSelector("#connections tbody tr")).click();
        WebElement exit = browser.findElement(By.cssSelector("#timeline g.app-event.EXIT"));
        assertThat(exit.getText()).contains("process " + killed.pid() + " killed");
        assertThat(browser.findElement(By.id("detail")).getText()).contains("PROCESS_EXIT (killed)");

        ScenarioCapture linger0 = ScenarioCapture.run("linger0", tmp.resolve("linger0"), false);
        open(report(linger0, "linger0.html"));
        type("filter-port", String.valueOf(linger0.clientPort()));
        browser.findElement(By.cssSelector("#connections tbody tr")).click();
        assertThat(browser.findElements(By.cssSelector("#timeline g.seg.rst[data-from='a']")))
                .singleElement().satisfies(g -> assertThat(g.getAttribute("data-label")).startsWith("RST"));
    }

    @Test
    void tenThousandConnectionsArePagedAndOnlyTheOpenedOneIsDrawn() throws Exception {
        List<Verdict> verdicts = SyntheticEnds.many(10_000);
        Path html = tmp.resolve("many.html");
        HtmlReport report = new HtmlReport(html, new SegmentLog());
        verdicts.forEach(report::verdict);
        report.summary(SyntheticEnds.summary(verdicts));

        open(html);
        assertThat(rows()).hasSize(100);
        assertThat(browser.findElement(By.id("page")).getText()).isEqualTo("page 1 of 100");
        assertThat(browser.findElements(By.id("timeline"))).as("nothing drawn before a click").isEmpty();
        String firstOfPage1 = rows().get(0).getText();
        browser.findElement(By.id("next")).click();
        assertThat(browser.findElement(By.id("page")).getText()).isEqualTo("page 2 of 100");
        assertThat(rows().get(0).getText()).isNotEqualTo(firstOfPage1);

        new Select(browser.findElement(By.id("filter-verdict"))).selectByValue("PEER_CLOSE");
        assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo(
                verdicts.stream().filter(v -> v.verdict() == VerdictKind.PEER_CLOSE).count() + " of 10000 connections");
        new Select(browser.findElement(By.id("filter-verdict"))).selectByValue("");

        browser.findElement(By.cssSelector("#connections th[data-key='a']")).click();
        browser.findElement(By.cssSelector("#connections th[data-key='a']")).click();
        List<String> ends = rows().stream().map(r -> r.findElements(By.tagName("td")).get(1).getText()).toList();
        assertThat(ends).as("sorted by end A, descending").isSortedAccordingTo(java.util.Comparator.reverseOrder());

        int port = SyntheticEnds.client(4242).port();
        type("filter-port", String.valueOf(port));
        assertThat(rows()).singleElement().satisfies(r -> r.click());
        assertThat(segmentLabels()).containsExactly("SYN", "SYN+ACK", "ACK", "PSH+ACK len 5", "FIN+ACK");
        assertThat(browser.findElements(By.cssSelector("svg#timeline"))).hasSize(1);
    }

    private static List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#connections tbody tr"));
    }

    private static Path report(ScenarioCapture c, String name) {
        Path html = tmp.resolve(name);
        Cli.Result r = Cli.run(c.report("--format", "html", "-o", html.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        return html;
    }

    private static void open(Path html) {
        browser.get(html.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> !d.findElements(By.cssSelector("#connections tbody tr")).isEmpty());
    }

    private static void type(String id, String text) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static List<String> segmentLabels() {
        List<String> labels = new ArrayList<>();
        for (WebElement g : browser.findElements(By.cssSelector("#timeline g.seg"))) {
            labels.add(g.getAttribute("data-label"));
        }
        return labels;
    }

    /** The segments the capture holds to or from this client port. */
    private static List<Packet> segmentsOf(Path pcap, int port) throws Exception {
        List<Packet> out = new ArrayList<>();
        try (PcapFileSource s = PcapFileSource.open(pcap)) {
            s.run(seg -> {
                if (seg.srcPort() == port || seg.dstPort() == port) {
                    out.add(Packet.copyOf(seg));
                }
            });
        }
        return out;
    }

    /**
     * The rendered timeline, kept under the module's target/ (a test must not change the source tree); the README's
     * src/docs/timeline.png is a copy of it.
     */
    private static Path docsImage() {
        return Path.of("target", "timeline.png").toAbsolutePath();
    }
}
