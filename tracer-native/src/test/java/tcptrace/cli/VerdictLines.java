package tcptrace.cli;

import java.util.List;

/** The JSON lines of {@code --json} as the end-to-end tests ask about them: a verdict of one end of one process. */
final class VerdictLines {
    private VerdictLines() {
    }

    /** Whether {@code lines} hold exactly one verdict {@code kind} on a {@code packet} from that port, with that pid. */
    static boolean hasOne(List<String> lines, String kind, String packet, int srcPort, long pid) {
        return count(lines, kind, packet, srcPort, pid) == 1;
    }

    static long count(List<String> lines, String kind, String packet, int srcPort, long pid) {
        String start = "{\"verdict\":\"" + kind + "\",\"src\":\"127.0.0.1:" + srcPort + "\"";
        return lines.stream().filter(l -> l.startsWith(start) && l.contains("\"packet\":\"" + packet + "\"")
                && l.contains("\"pid\":" + pid + ",")).count();
    }

    /** The verdicts of every packet from that port, whatever their kind. */
    static List<String> from(List<String> lines, int srcPort) {
        return lines.stream().filter(l -> l.contains("\"src\":\"127.0.0.1:" + srcPort + "\"")).toList();
    }
}
