package tcptrace.lab;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tcptrace.scenario.Expected;

/** One verdict record of tcptrace's JSON output (DESIGN §8), kept as parsed. */
public record VerdictRecord(Map<String, Object> fields) {
    private static final Pattern ENDPOINT = Pattern.compile("^\\[?(.*?)\\]?:(\\d+)$");

    public static VerdictRecord parse(String line) {
        return new VerdictRecord(JsonLine.parseObject(line));
    }

    public String text(String key) {
        Object value = fields.get(key);
        return value == null ? null : value.toString();
    }

    String srcIp() {
        return endpoint("src").group(1);
    }

    int srcPort() {
        return Integer.parseInt(endpoint("src").group(2));
    }

    String dstIp() {
        return endpoint("dst").group(1);
    }

    int dstPort() {
        return Integer.parseInt(endpoint("dst").group(2));
    }

    boolean within(Scope scope) {
        return text("src") != null && text("dst") != null && scope.contains(srcIp(), srcPort(), dstIp(), dstPort());
    }

    /** The record in the scenario's terms: the fields the scenario can know, {@code src} as a role. */
    Expected asExpected(Scope scope) {
        return new Expected(String.valueOf(text("verdict")), scope.sideOf(srcIp(), srcPort()), text("packet"),
                text("exit"), text("reason"));
    }

    private Matcher endpoint(String key) {
        String value = text(key);
        Matcher m = ENDPOINT.matcher(value == null ? "" : value);
        if (!m.matches()) {
            throw new LabException("verdict record has no " + key + " endpoint: " + fields);
        }
        return m;
    }
}
