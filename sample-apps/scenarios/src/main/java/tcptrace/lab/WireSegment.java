package tcptrace.lab;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One TCP segment as {@code tcpdump -nn -tt -S -r} prints it. Read from tcpdump's text, not from tcptrace's
 * decoder, so that a decoder bug cannot hide in the ground truth.
 *
 * @param seqEnd sequence number after the payload (equal to {@code seq} for an empty segment)
 */
public record WireSegment(String time, String srcIp, int srcPort, String dstIp, int dstPort, String flags, long seq,
        long seqEnd, long ack, int length) {

    private static final Pattern LINE = Pattern.compile(
            "^(\\d+\\.\\d+) IP (\\S+)\\.(\\d+) > (\\S+)\\.(\\d+): Flags \\[([^\\]]*)\\]"
                    + "(?:, seq (\\d+)(?::(\\d+))?)?(?:, ack (\\d+))?.*, length (\\d+)");

    public static Optional<WireSegment> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        long seq = m.group(7) == null ? -1 : Long.parseLong(m.group(7));
        long seqEnd = m.group(8) == null ? seq : Long.parseLong(m.group(8));
        long ack = m.group(9) == null ? -1 : Long.parseLong(m.group(9));
        return Optional.of(new WireSegment(m.group(1), m.group(2), Integer.parseInt(m.group(3)), m.group(4),
                Integer.parseInt(m.group(5)), m.group(6), seq, seqEnd, ack, Integer.parseInt(m.group(10))));
    }

    public boolean fin() {
        return flags.contains("F");
    }

    public boolean rst() {
        return flags.contains("R");
    }

    public boolean syn() {
        return flags.contains("S");
    }

    public boolean hasAck() {
        return flags.contains(".");
    }

    /** The sequence number the FIN occupies: right after the payload it may carry. */
    long finSeq() {
        return seqEnd;
    }
}
