package tcptrace.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireSegmentTest {

    @Test
    void readsAFinWithPayloadRange() {
        WireSegment segment = WireSegment.parse("1764300000.123456 IP 10.77.3.1.41234 > 10.77.3.2.8080: "
                + "Flags [FP.], seq 1000:1006, ack 2000, win 502, options [nop,nop,TS val 1 ecr 2], length 6")
                .orElseThrow();

        assertThat(segment.srcIp()).isEqualTo("10.77.3.1");
        assertThat(segment.srcPort()).isEqualTo(41234);
        assertThat(segment.dstPort()).isEqualTo(8080);
        assertThat(segment.fin()).isTrue();
        assertThat(segment.rst()).isFalse();
        assertThat(segment.hasAck()).isTrue();
        assertThat(segment.finSeq()).isEqualTo(1006);
        assertThat(segment.ack()).isEqualTo(2000);
        assertThat(segment.length()).isEqualTo(6);
    }

    @Test
    void readsABareResetWithoutAck() {
        WireSegment segment = WireSegment.parse(
                "1764300000.5 IP 10.77.3.2.8080 > 10.77.3.1.41234: Flags [R], seq 77, win 0, length 0").orElseThrow();

        assertThat(segment.rst()).isTrue();
        assertThat(segment.hasAck()).isFalse();
        assertThat(segment.seq()).isEqualTo(77);
        assertThat(segment.ack()).isEqualTo(-1);
    }

    @Test
    void ignoresLinesThatAreNotTcpSegments() {
        assertThat(WireSegment.parse("reading from file ground.pcap, link-type EN10MB (Ethernet)")).isEmpty();
    }
}
