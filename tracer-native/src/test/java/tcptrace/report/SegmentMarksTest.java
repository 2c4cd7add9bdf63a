package tcptrace.report;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.report.SyntheticEnds.ep;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.Endpoint;
import tcptrace.capture.TcpSegment;
import tcptrace.correlate.Packet;

class SegmentMarksTest {
    private static final Endpoint A = ep("10.0.0.1", 1000);
    private static final Endpoint B = ep("10.0.0.2", 80);
    private static final int ACK = TcpSegment.ACK;

    @Test
    void dataSentAgainIsARetransmission() {
        List<Packet> p = List.of(
                seg(A, 100, ACK | TcpSegment.PSH, 10),
                seg(B, 500, ACK, 0),
                seg(A, 100, ACK | TcpSegment.PSH, 10),
                seg(A, 110, ACK | TcpSegment.PSH, 10));

        assertThat(SegmentMarks.of(p)).containsExactly(null, null, SegmentMarks.RETRANSMISSION, null);
    }

    @Test
    void aProbeOneBelowWhatWasSentIsKeepalive() {
        List<Packet> p = List.of(
                seg(A, 100, ACK | TcpSegment.PSH, 10),
                seg(A, 109, ACK, 0),
                seg(A, 109, ACK, 1),
                seg(A, 110, ACK, 0));

        assertThat(SegmentMarks.of(p)).containsExactly(null, SegmentMarks.KEEPALIVE, SegmentMarks.KEEPALIVE, null);
    }

    @Test
    void aRetransmittedFinIsMarkedAndSequenceNumbersWrap() {
        List<Packet> p = List.of(
                seg(A, 0xFFFF_FFFAL, ACK | TcpSegment.PSH, 10),
                seg(A, 4, ACK | TcpSegment.FIN, 0),
                seg(A, 4, ACK | TcpSegment.FIN, 0));

        assertThat(SegmentMarks.of(p)).containsExactly(null, null, SegmentMarks.RETRANSMISSION);
    }

    private static Packet seg(Endpoint from, long seq, int flags, int length) {
        return new Packet(0, from, from.equals(A) ? B : A, seq, 1, flags, length);
    }
}
