package tcptrace.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tcptrace.agent.event.Endpoint;
import tcptrace.correlate.Packet;

/**
 * What a segment was, judged from the segments before it from the same sender: a retransmission resends sequence
 * space already sent; a keepalive probe carries at most one byte just below what was sent (RFC 1122 4.2.3.6). The
 * first segment of each sender in the list has no history and is never marked.
 */
final class SegmentMarks {
    static final String RETRANSMISSION = "retransmission";
    static final String KEEPALIVE = "keepalive";

    private SegmentMarks() {
    }

    /** One mark (or null) per packet, in the order given; packets must be oldest first. */
    static String[] of(List<Packet> packets) {
        String[] marks = new String[packets.size()];
        Map<Endpoint, Long> sentUpTo = new HashMap<>();
        for (int i = 0; i < packets.size(); i++) {
            Packet p = packets.get(i);
            Long next = sentUpTo.get(p.src());
            long end = p.seqEnd();
            boolean consumesSequence = end != p.seq();
            if (next != null && !p.syn() && !p.rst()) {
                if (p.payloadLength() <= 1 && !p.fin() && p.seq() == ((next - 1) & 0xffffffffL)) {
                    marks[i] = KEEPALIVE;
                } else if (consumesSequence && !after(end, next)) {
                    marks[i] = RETRANSMISSION;
                }
            }
            if (next == null || after(end, next)) {
                sentUpTo.put(p.src(), end);
            }
        }
        return marks;
    }

    /** Sequence comparison modulo 2^32. */
    private static boolean after(long a, long b) {
        return (int) (a - b) > 0;
    }
}
