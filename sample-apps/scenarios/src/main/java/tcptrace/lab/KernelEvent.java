package tcptrace.lab;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a tracefs instance's {@code trace} file for the TCP tracepoints the lab enables:
 * {@code tcp_send_reset} (who sent a RST, and the kernel's reason), {@code inet_sock_set_state} and
 * {@code tcp_retransmit_skb}.
 */
record KernelEvent(String name, int pid, Map<String, String> fields) {
    private static final Pattern LINE = Pattern.compile("^\\s*.*?-(\\d+)\\s+\\[\\d+\\].*?:\\s+(\\w+):\\s+(.*)$");
    /** {@code 10.0.0.1:80}, or {@code [::ffff:10.0.0.1]:80} for the dual-stack sockets Java opens by default. */
    private static final Pattern ADDRESS_PORT = Pattern.compile("^\\[?(?:::ffff:)?(.*?)\\]?:(\\d+)$");
    private static final String MAPPED = "::ffff:";

    static Optional<KernelEvent> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : m.group(3).trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return Optional.of(new KernelEvent(m.group(2), Integer.parseInt(m.group(1)), fields));
    }

    String srcIp() {
        return fields.containsKey("src") ? split("src").group(1) : address("saddr");
    }

    int srcPort() {
        return fields.containsKey("src") ? Integer.parseInt(split("src").group(2)) : port("sport");
    }

    String dstIp() {
        return fields.containsKey("dest") ? split("dest").group(1) : address("daddr");
    }

    int dstPort() {
        return fields.containsKey("dest") ? Integer.parseInt(split("dest").group(2)) : port("dport");
    }

    String field(String key) {
        return fields.getOrDefault(key, "");
    }

    /** inet_sock_set_state fills saddr for IPv4 sockets and saddrv6 (IPv4-mapped) for dual-stack ones. */
    private String address(String key) {
        String v6 = fields.getOrDefault(key + "v6", "");
        return v6.startsWith(MAPPED) ? v6.substring(MAPPED.length()) : fields.getOrDefault(key, "");
    }

    private int port(String key) {
        String value = fields.get(key);
        return value == null ? -1 : Integer.parseInt(value);
    }

    private Matcher split(String key) {
        Matcher m = ADDRESS_PORT.matcher(fields.get(key));
        if (!m.matches()) {
            throw new LabException("unexpected address in the kernel trace: " + fields.get(key));
        }
        return m;
    }
}
