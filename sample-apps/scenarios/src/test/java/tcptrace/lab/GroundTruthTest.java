package tcptrace.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static tcptrace.lab.Teardown.fin;
import static tcptrace.lab.Teardown.rst;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tcptrace.scenario.Side;

class GroundTruthTest {
    private static final Scope SCOPE = new Scope("10.9.0.1", "10.9.0.2", 8080);
    private static final String CLIENT = "10.9.0.1.40000 > 10.9.0.2.8080";
    private static final String SERVER = "10.9.0.2.8080 > 10.9.0.1.40000";

    @Test
    void mergedCloseIsThreeSegments() {
        GroundTruth truth = wire(
                CLIENT + ": Flags [F.], seq 100, ack 500, win 1, length 0",
                SERVER + ": Flags [F.], seq 500, ack 101, win 1, length 0",
                CLIENT + ": Flags [.], ack 501, win 1, length 0");

        assertThat(truth.teardown()).containsExactly(fin(Side.CLIENT), fin(Side.SERVER));
        assertThat(truth.closeSegments()).isEqualTo(3);
    }

    @Test
    void separatelyAcknowledgedFinIsFourSegments() {
        GroundTruth truth = wire(
                CLIENT + ": Flags [F.], seq 100, ack 500, win 1, length 0",
                SERVER + ": Flags [.], ack 101, win 1, length 0",
                SERVER + ": Flags [F.], seq 500, ack 101, win 1, length 0",
                CLIENT + ": Flags [.], ack 501, win 1, length 0");

        assertThat(truth.closeSegments()).isEqualTo(4);
    }

    @Test
    void retransmittedFinCountsOnceButIsARetransmission() {
        GroundTruth truth = wire(
                CLIENT + ": Flags [FP.], seq 94:100, ack 500, win 1, length 6",
                CLIENT + ": Flags [FP.], seq 94:100, ack 500, win 1, length 6",
                SERVER + ": Flags [R], seq 500, win 0, length 0");

        assertThat(truth.teardown()).containsExactly(fin(Side.CLIENT), rst(Side.SERVER));
        assertThat(truth.retransmissions(Side.CLIENT)).isEqualTo(1);
        assertThat(truth.describeWire().get(0)).endsWith("(retransmitted)");
    }

    @Test
    void packetsOfOtherConnectionsAreNotPartOfTheTruth() {
        GroundTruth truth = wire("10.9.0.1.40000 > 10.9.0.2.9999: Flags [F.], seq 1, ack 1, win 1, length 0");

        assertThat(truth.teardown()).isEmpty();
        assertThatThrownBy(() -> truth.requireTeardown(fin(Side.CLIENT)))
                .isInstanceOf(GroundTruth.Mismatch.class).hasMessageContaining("no FIN or RST");
    }

    @Test
    void kernelResetOfTheListenerBelongsToTheServer() {
        KernelEvent listenerReset = KernelEvent.parse("java-1 [001] ..s1. 1.0: tcp_send_reset: skbaddr=1 skaddr=2 "
                + "src=[::ffff:10.9.0.2]:8080 dest=[::]:0 state=TCP_LISTEN reason=TCP_FLAGS").orElseThrow();
        GroundTruth truth = new GroundTruth(SCOPE, List.of(), List.of(listenerReset), null);

        assertThat(truth.kernelResets(Side.SERVER)).containsExactly("TCP_FLAGS");
        truth.requireKernelReset(Side.SERVER, "TCP_FLAGS");
    }

    private static GroundTruth wire(String... segments) {
        List<WireSegment> parsed = Stream.of(segments)
                .map(s -> WireSegment.parse("1764300000.000001 IP " + s).orElseThrow()).toList();
        return new GroundTruth(SCOPE, parsed, List.of(), null);
    }
}
