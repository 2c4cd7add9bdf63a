package tcptrace.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.Endpoint;
import tcptrace.correlate.PacketKind;
import tcptrace.correlate.ResetReason;
import tcptrace.correlate.Verdict;
import tcptrace.correlate.VerdictKind;

class VerdictLabelsTest {
    private static final Endpoint HERE = new Endpoint(new byte[] {10, 0, 0, 1}, 40000);
    private static final Endpoint UPSTREAM = new Endpoint(new byte[] {10, 0, 0, 2}, 8080);

    private static Verdict verdict(VerdictKind kind, Endpoint src, Endpoint dst, PacketKind packet,
                                   ResetReason reason) {
        return new Verdict(kind, src, dst, packet, 1, null, null, null, reason, null, "because", null, null, null);
    }

    @Test
    void countsByKindPacketReasonAndExitOnly() {
        VerdictLabels labels = new VerdictLabels(false, e -> e.equals(HERE));

        assertThat(labels.names()).containsExactly("verdict", "packet", "reason", "exit");
        assertThat(labels.values(verdict(VerdictKind.PEER_RESET, UPSTREAM, HERE, PacketKind.RST, ResetReason.NO_SOCKET)))
                .containsExactly("PEER_RESET", "RST", "no-socket", "");
    }

    @Test
    void thePeerIsTheEndThatIsNotThisHostsWhenAskedFor() {
        VerdictLabels labels = new VerdictLabels(true, e -> e.equals(HERE));

        assertThat(labels.names()).endsWith("peer");
        List<String> mine = labels.values(verdict(VerdictKind.APP_CLOSE, HERE, UPSTREAM, PacketKind.FIN, null));
        List<String> theirs = labels.values(verdict(VerdictKind.PEER_CLOSE, UPSTREAM, HERE, PacketKind.FIN, null));
        assertThat(mine).last().isEqualTo("10.0.0.2:8080");
        assertThat(theirs).last().isEqualTo("10.0.0.2:8080");
    }

    @Test
    void anEndWithoutPacketHasAnEmptyPacketLabel() {
        VerdictLabels labels = new VerdictLabels(false, e -> false);

        assertThat(labels.values(verdict(VerdictKind.HALF_OPEN_RISK, HERE, UPSTREAM, null, null)))
                .containsExactly("HALF_OPEN_RISK", "", "", "");
    }
}
