package tcptrace.report;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.report.SyntheticEnds.ep;

import org.junit.jupiter.api.Test;
import tcptrace.agent.event.Endpoint;
import tcptrace.capture.TcpSegment;
import tcptrace.correlate.Packet;

class SegmentLogTest {
    private static final Endpoint A = ep("10.0.0.1", 1000);
    private static final Endpoint B = ep("10.0.0.2", 80);

    @Test
    void keepsTheStartAndTheEndOfALongConnectionAndCountsTheRest() {
        SegmentLog log = new SegmentLog();
        int n = 1000;
        for (int i = 0; i < n; i++) {
            log.add(new Packet(i, i % 2 == 0 ? A : B, i % 2 == 0 ? B : A, i, 0, TcpSegment.ACK, 0));
        }

        SegmentLog.Segments s = log.of(B, A);

        assertThat(s.first()).extracting(Packet::timeNanos).containsExactly(0L, 1L, 2L, 3L);
        assertThat(s.newest()).hasSize(SegmentLog.NEWEST).last().extracting(Packet::timeNanos).isEqualTo(n - 1L);
        assertThat(s.omitted()).isEqualTo(n - SegmentLog.FIRST - SegmentLog.NEWEST);
    }

    @Test
    void forgetsTheLeastRecentlyActiveConnectionsBeyondItsCapacity() {
        SegmentLog log = new SegmentLog(2);
        Endpoint c = ep("10.0.0.3", 80);
        Endpoint d = ep("10.0.0.4", 80);
        log.add(new Packet(0, A, B, 0, 0, TcpSegment.SYN, 0));
        log.add(new Packet(1, A, c, 0, 0, TcpSegment.SYN, 0));
        log.add(new Packet(2, B, A, 0, 0, TcpSegment.ACK, 0)); // A-B is active again
        log.add(new Packet(3, A, d, 0, 0, TcpSegment.SYN, 0));

        assertThat(log.of(A, B)).isNotNull();
        assertThat(log.of(A, c)).isNull();
        assertThat(log.of(A, d)).isNotNull();
    }
}
