package tcptrace.report;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.report.SyntheticEnds.many;
import static tcptrace.report.SyntheticEnds.summary;
import static tcptrace.report.SyntheticEnds.verdict;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.correlate.Verdict;
import tcptrace.correlate.VerdictKind;

class HtmlReportTest {
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"tcptrace-data\">(.*?)</script>", Pattern.DOTALL);

    @TempDir
    Path tmp;

    @Test
    void textThatWouldEndTheScriptElementStaysInsideTheData() throws Exception {
        String hostile = "</script><script>alert(1)</script><!-- & \u2028";
        Verdict v = verdict(0, VerdictKind.APP_CLOSE, hostile, List.of("a.B.c(" + hostile + ")"));

        String page = write(List.of(v));

        String data = data(page);
        assertThat(data).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("\u2028")
                .contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)");
        assertThat(page.split("</script>", -1)).as("only the page's own two script elements end")
                .hasSize(3);
    }

    @Test
    void everyVerdictIsInTheDataWithItsSegments() throws Exception {
        List<Verdict> verdicts = many(3);

        String data = data(write(verdicts));

        assertThat(count(data, "\"verdict\":\"")).isEqualTo(3);
        assertThat(count(data, "\"flags\":\"")).as("5 segments per connection").isEqualTo(15);
        assertThat(data).contains("\"flags\":\"PSH+ACK\",\"len\":5").contains("\"a\":\"10.1.0.1:20000\"");
    }

    @Test
    void tenThousandConnectionsMakeOneBoundedPage() throws Exception {
        List<Verdict> verdicts = many(10_000);

        String page = write(verdicts);

        assertThat(count(data(page), "{\"id\":")).isEqualTo(10_000);
        assertThat(page.length()).as("about 1.5 kB per connection").isLessThan(10_000 * 3_000);
    }

    private String write(List<Verdict> verdicts) throws Exception {
        Path file = tmp.resolve("out.html");
        HtmlReport report = new HtmlReport(file, new SegmentLog());
        verdicts.forEach(report::verdict);
        report.summary(summary(verdicts));
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String data(String page) {
        Matcher m = DATA.matcher(page);
        assertThat(m.find()).as("the data element").isTrue();
        return m.group(1);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }
}
