package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the correlator tells a report about the ends it still holds, so that verdicts can print as they come. */
class HeldEndsTest {
    private final Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080),
            1, 2);
    private final List<Verdict> verdicts = new ArrayList<>();
    private final Correlator correlator = Correlator.postMortem(verdicts::add);

    @Test
    void undecidedSinceIsTheTimeOfTheEarliestHeldEnd() {
        assertThat(correlator.undecidedSince()).isEqualTo(Long.MAX_VALUE);
        conv.handshake(0);
        Packet clientFin = conv.send(true, 1000, FIN | ACK, 0);
        conv.send(false, 1100, FIN | ACK, 0);
        conv.packets.forEach(correlator::onSegment);

        assertThat(verdicts).isEmpty();
        assertThat(correlator.undecidedSince()).isEqualTo(clientFin.timeNanos());
    }

    @Test
    void nothingIsHeldOnceTheHoldHasPassed() {
        conv.handshake(0);
        conv.send(true, 1000, FIN | ACK, 0);
        conv.send(false, 1100, FIN | ACK, 0);
        conv.send(true, 1100 + Correlator.DEFAULT_HOLD_NANOS / 1000, ACK, 0);
        conv.packets.forEach(correlator::onSegment);

        assertThat(verdicts).hasSize(2);
        assertThat(correlator.undecidedSince()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void decideNextDecidesOneEndAtATimeEarliestFirst() {
        conv.handshake(0);
        Packet clientFin = conv.send(true, 1000, FIN | ACK, 0);
        Packet serverFin = conv.send(false, 1100, FIN | ACK, 0);
        conv.packets.forEach(correlator::onSegment);

        assertThat(correlator.decideNext()).isTrue();
        assertThat(verdicts).extracting(Verdict::timeNanos).containsExactly(clientFin.timeNanos());
        assertThat(correlator.undecidedSince()).isEqualTo(serverFin.timeNanos());
        assertThat(correlator.decideNext()).isTrue();
        assertThat(verdicts).extracting(Verdict::src).containsExactly(clientFin.src(), serverFin.src());
        assertThat(correlator.decideNext()).isFalse();
    }
}
