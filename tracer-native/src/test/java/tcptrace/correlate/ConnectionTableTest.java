package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.SYN;
import static tcptrace.correlate.Conversation.endpoint;

import org.junit.jupiter.api.Test;

class ConnectionTableTest {
    private final Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080),
            1, 2);
    private final ConnectionTable table = new ConnectionTable();

    @Test
    void retransmittedSynStaysOneConnection() {
        Packet syn = conv.send(true, 0, SYN, 0);
        Connection first = record(syn);
        assertThat(record(conv.resend(syn, 1_000_000))).isSameAs(first);
        assertThat(table.connections()).isEqualTo(1);
    }

    @Test
    void endedConnectionIsForgottenOnlyOnceQuietLongEnough() {
        conv.handshake(0);
        conv.send(true, 1000, FIN | ACK, 0);
        conv.send(false, 1100, FIN | ACK, 0);
        conv.packets.forEach(this::record);

        assertThat(table.evictEnded(Conversation.at(1100))).isZero();
        assertThat(table.evictEnded(Conversation.at(1101))).isEqualTo(1);
        assertThat(table.connectionAt(conv.client, conv.server, Conversation.at(0))).isNull();
    }

    @Test
    void endedConnectionIsForgottenOnceQuiet() {
        Connection c = endedAt1100();

        table.forgetQuiet(Conversation.at(1100), Conversation.at(1100), x -> false);
        assertThat(table.connectionAt(conv.client, conv.server, Conversation.at(0))).isSameAs(c);
        table.forgetQuiet(Conversation.at(1101), Conversation.at(1101), x -> false);
        assertThat(table.connectionAt(conv.client, conv.server, Conversation.at(0))).isNull();
    }

    @Test
    void endedConnectionIsNotForgottenWhenKept() {
        Connection c = endedAt1100();

        table.forgetQuiet(Conversation.at(1101), Conversation.at(1101), x -> true);
        assertThat(table.connectionAt(conv.client, conv.server, Conversation.at(0))).isSameAs(c);
    }

    @Test
    void keptConnectionIsLookedAtAgainOnceQuietSinceThen() {
        Connection c = endedAt1100();
        table.forgetQuiet(Conversation.at(1101), Conversation.at(3000), x -> true);

        table.forgetQuiet(Conversation.at(3000), Conversation.at(3000), x -> false);
        assertThat(table.connectionAt(conv.client, conv.server, Conversation.at(0))).isSameAs(c);
        table.forgetQuiet(Conversation.at(3001), Conversation.at(3001), x -> false);
        assertThat(table.connectionAt(conv.client, conv.server, Conversation.at(0))).isNull();
    }

    private Connection endedAt1100() {
        conv.handshake(0);
        conv.send(true, 1000, FIN | ACK, 0);
        conv.send(false, 1100, FIN | ACK, 0);
        conv.packets.forEach(this::record);
        return table.connectionAt(conv.client, conv.server, Conversation.at(0));
    }

    @Test
    void endedConnectionWithLatePacketsWaitsForTheirQuiet() {
        Connection c = endedAt1100();
        Packet lateAck = conv.send(true, 5000, ACK, 0);
        record(lateAck);

        table.forgetQuiet(Conversation.at(5000), Conversation.at(5000), x -> false);
        assertThat(table.connectionAt(conv.client, conv.server, Conversation.at(0))).isSameAs(c);
        table.forgetQuiet(Conversation.at(5001), Conversation.at(5001), x -> false);
        assertThat(table.connectionAt(conv.client, conv.server, Conversation.at(0))).isNull();
    }

    @Test
    void openConnectionIsNeverForgotten() {
        conv.handshake(0);
        conv.packets.forEach(this::record);

        assertThat(table.evictEnded(Conversation.at(10_000_000_000L))).isZero();
    }

    /** Files {@code p} as a post-mortem correlator does; returns its connection. */
    private Connection record(Packet p) {
        FourTuple ends = new FourTuple();
        ends.assign(p);
        Connection c = table.connectionFor(ends, p);
        c.record(c.sender(ends), p);
        if (c.ended()) {
            table.ended(c);
        }
        return c;
    }
}
