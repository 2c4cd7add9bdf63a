package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketOptionsSnapshot;

class GcCleanerCloseRuleTest {
    @Test
    void finAfterCleanerCloseIsALeakWithTheOpeningStack() {
        Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080), 1, 2);
        conv.handshake(0);
        conv.send(true, 3000, FIN | ACK, 0);
        List<String> opened = List.of("java.net.Socket.<init>(Socket.java:300)", "demo.Leaky.open(Leaky.java:12)");
        List<Verdict> vs = new Evidence().events(Evidence.running(9),
                conv.event(true, EventKind.CLOSE, 2900, -5, "Common-Cleaner", CloseActor.CLEANER, 0,
                        SocketOptionsSnapshot.DEFAULTS, null, opened)).packets(conv.packets).correlate();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.GC_CLEANER_CLOSE);
            assertThat(v.thread()).isEqualTo("Common-Cleaner");
            assertThat(v.stack()).isEqualTo(opened);
            assertThat(v.topApplicationFrame()).isEqualTo("demo.Leaky.open(Leaky.java:12)");
            assertThat(v.explanation()).contains("the stack shows where it was opened");
        });
    }

    /** {@code stack=close}: the agent kept no stack where the socket opened, and the verdict says it is unknown. */
    @Test
    void cleanerCloseWithoutAnOpeningStackSaysWhereItOpenedIsUnknown() {
        Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080), 1, 2);
        conv.handshake(0);
        conv.send(true, 3000, FIN | ACK, 0);
        List<Verdict> vs = new Evidence().events(Evidence.running(9),
                conv.event(true, EventKind.CLOSE, 2900, -5, "Common-Cleaner", CloseActor.CLEANER, 0,
                        SocketOptionsSnapshot.DEFAULTS, null, List.of())).packets(conv.packets).correlate();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.GC_CLEANER_CLOSE);
            assertThat(v.stack()).isEmpty();
            assertThat(v.explanation()).contains("where it was opened is unknown: the agent kept no opening stack")
                    .doesNotContain("the stack shows");
        });
    }
}
