package tcptrace.os;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tcptrace.Durations;

class TimeToDetectTest {
    @Test
    void retries2Of15Takes924Point6Seconds() {
        assertThat(TimeToDetect.retransmissionNanos(15)).isEqualTo(924_600_000_000L);
        assertThat(Durations.human(TimeToDetect.retransmissionNanos(15))).isEqualTo("15 min 25 s");
    }

    @Test
    void fewRetriesStayInTheDoublingPart() {
        // 200 + 400 + 800 ms of waiting after the first send, then the last RTO of 1.6 s
        assertThat(TimeToDetect.retransmissionNanos(3)).isEqualTo(3_000_000_000L);
    }

    @Test
    void defaultKeepaliveTakes7875Seconds() {
        assertThat(TimeToDetect.keepaliveNanos(7200, 75, 9)).isEqualTo(7875_000_000_000L);
        assertThat(Durations.human(TimeToDetect.keepaliveNanos(7200, 75, 9))).isEqualTo("2 h 11 min");
    }

    @Test
    void synRetriesOf6Take127Seconds() {
        assertThat(TimeToDetect.synNanos(6)).isEqualTo(127_000_000_000L);
    }

    @Test
    void idleDescriptionUsesSocketOptionsBeforeSysctls() {
        TcpSysctls s = TcpSysctls.KERNEL_DEFAULTS;
        assertThat(TimeToDetect.describeIdle(0, -1, -1, -1, s)).isEqualTo("never (keepalive off)");
        assertThat(TimeToDetect.describeIdle(1, -1, -1, -1, s)).startsWith("2 h 11 min");
        assertThat(TimeToDetect.describeIdle(1, 10, 2, 3, s)).isEqualTo("16.0 s (keepalive 10/2/3)");
    }
}
