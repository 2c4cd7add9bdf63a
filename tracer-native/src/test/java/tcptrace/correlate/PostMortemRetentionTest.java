package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostMortemRetentionTest {
    private static final long QUIET_MICROS =
            (Correlator.DEFAULT_HOLD_NANOS + Correlator.POST_MORTEM_QUIET_MARGIN_NANOS) / 1000;

    private final Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080),
            1, 2);
    private final List<Verdict> verdicts = new ArrayList<>();
    private final Correlator correlator = Correlator.postMortem(verdicts::add);

    @Test
    void strayPacketLongAfterTheEndFindsTheConnectionForgotten() {
        closeBothWays();
        conv.send(true, 1100 + ConnectionTable.TOMBSTONE_NANOS / 1000 + 1, ACK, 0);
        conv.packets.forEach(correlator::onSegment);
        correlator.finish();

        assertThat(correlator.connections()).isEqualTo(2);
        assertThat(verdicts).hasSize(2);
    }

    @Test
    void retransmittedFinWithinTheQuietTimeStaysOneEnd() {
        closeBothWays();
        Packet fin = conv.packets.get(conv.packets.size() - 1);
        conv.resend(fin, 1100 + QUIET_MICROS - 1);
        conv.packets.forEach(correlator::onSegment);
        correlator.finish();

        assertThat(correlator.connections()).isEqualTo(1);
        assertThat(verdicts).hasSize(2);
    }

    @Test
    void aLateAckWithinTheTombstonesLifeIsOfTheForgottenConnection() {
        closeBothWays();
        conv.send(true, 1100 + QUIET_MICROS + 1, ACK, 0);
        conv.packets.forEach(correlator::onSegment);
        correlator.finish();

        assertThat(correlator.connections()).isEqualTo(1);
        assertThat(verdicts).hasSize(2);
    }

    @Test
    void finResentAfterTheConnectionWasForgottenIsStillTheSameEnd() {
        closeBothWays();
        Packet fin = conv.packets.get(conv.packets.size() - 1);
        conv.resend(fin, 1100 + QUIET_MICROS + 1_600_000);
        conv.resend(fin, 1100 + QUIET_MICROS + 4_800_000);
        conv.packets.forEach(correlator::onSegment);
        correlator.finish();

        assertThat(correlator.connections()).isEqualTo(1);
        assertThat(verdicts).hasSize(2);
    }

    @Test
    void aTombstoneOutlivesNoFinBackOff() {
        closeBothWays();
        Packet fin = conv.packets.get(conv.packets.size() - 1);
        conv.resend(fin, 1100 + ConnectionTable.TOMBSTONE_NANOS / 1000 + 1);
        conv.packets.forEach(correlator::onSegment);
        correlator.finish();

        assertThat(correlator.connections()).isEqualTo(2);
        assertThat(verdicts).hasSize(3);
    }

    @Test
    void aNewSynOnTheTupleIsANewConnectionNotTheForgottenOne() {
        closeBothWays();
        conv.handshake(1100 + QUIET_MICROS + 1_000);
        conv.send(true, 1100 + QUIET_MICROS + 2_000, FIN | ACK, 0);
        conv.packets.forEach(correlator::onSegment);
        correlator.finish();

        assertThat(correlator.connections()).isEqualTo(2);
        assertThat(verdicts).hasSize(3);
    }

    private void closeBothWays() {
        conv.handshake(0);
        conv.send(true, 1000, FIN | ACK, 0);
        conv.send(false, 1100, FIN | ACK, 0);
    }
}
