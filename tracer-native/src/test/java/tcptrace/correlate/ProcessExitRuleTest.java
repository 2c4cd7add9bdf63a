package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.EventKind;

class ProcessExitRuleTest {
    private final Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080),
            1, 2);

    private List<Verdict> finFrom(TracedJvm jvm, long finMicros) {
        conv.handshake(0);
        conv.send(true, finMicros, FIN | ACK, 0);
        return new Evidence().events(jvm, conv.simple(true, EventKind.CONNECT, -5, -5, "main"))
                .packets(conv.packets).correlate();
    }

    @Test
    void finAfterTheJvmWasKilledIsProcessExitKilled() {
        TracedJvm jvm = new TracedJvm(55, "55.journal", TracedJvm.State.KILLED);
        assertThat(finFrom(jvm, 5000)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.PROCESS_EXIT);
            assertThat(v.exit()).isEqualTo(ExitKind.KILLED);
            assertThat(v.pid()).isEqualTo(55L);
            assertThat(v.thread()).isNull();
            assertThat(v.stack()).isNull();
        });
    }

    @Test
    void finAfterTheExitRecordIsProcessExitOrderly() {
        TracedJvm jvm = Evidence.running(56);
        jvm.exitRecord(Conversation.at(4000));
        assertThat(finFrom(jvm, 5000)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.PROCESS_EXIT);
            assertThat(v.exit()).isEqualTo(ExitKind.ORDERLY);
        });
    }

    @Test
    void finBeforeTheExitRecordIsNotTheExit() {
        TracedJvm jvm = Evidence.running(57);
        jvm.exitRecord(Conversation.at(9000));
        assertThat(finFrom(jvm, 5000)).singleElement().extracting(Verdict::verdict)
                .isEqualTo(VerdictKind.UNATTRIBUTED);
    }

    @Test
    void anExitWhoseRecordFoundNoRoomIsStillOrderly() {
        TracedJvm jvm = Evidence.running(61);
        jvm.exitedUnrecorded();
        jvm.gone(Conversation.at(5000) + 3_000_000);
        assertThat(jvm.state()).isEqualTo(TracedJvm.State.EXITED);
        assertThat(finFrom(jvm, 5000)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.PROCESS_EXIT);
            assertThat(v.exit()).isEqualTo(ExitKind.ORDERLY);
            assertThat(v.explanation()).contains("journal was full");
        });
    }

    @Test
    void finLongBeforeTheWatchSawTheProcessGoIsNotTheExit() {
        TracedJvm jvm = Evidence.running(58);
        jvm.gone(Conversation.at(5000) + ProcessExitRule.GONE_WINDOW_NANOS + 1_000_000);
        assertThat(finFrom(jvm, 5000)).singleElement().extracting(Verdict::verdict)
                .isEqualTo(VerdictKind.UNATTRIBUTED);
    }

    @Test
    void finJustBeforeTheWatchSawTheProcessGoIsTheExit() {
        TracedJvm jvm = Evidence.running(59);
        jvm.gone(Conversation.at(5000) + 3_000_000);
        assertThat(finFrom(jvm, 5000)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.PROCESS_EXIT);
            assertThat(v.exit()).isEqualTo(ExitKind.KILLED);
        });
    }

    @Test
    void aDeathNoticedSecondsLateByAPausedTracerIsStillTheExit() {
        TracedJvm jvm = Evidence.running(62);
        // last seen alive 100 ms before the FIN; the tracer, paused, noticed the death 5 s after it
        jvm.gone(Conversation.at(5000 - 100_000), Conversation.at(5000 + 5_000_000));
        assertThat(finFrom(jvm, 5000)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.PROCESS_EXIT);
            assertThat(v.exit()).isEqualTo(ExitKind.KILLED);
            assertThat(v.explanation()).endsWith("this FIN came 5.0 s before it was seen gone");
        });
    }

    @Test
    void finBeforeALookThatStillSawTheProcessAliveIsNotTheExit() {
        TracedJvm jvm = Evidence.running(63);
        long seenAlive = Conversation.at(5000) + ProcessExitRule.GONE_WINDOW_NANOS + 1_000_000;
        jvm.gone(seenAlive, seenAlive + 5_000_000_000L);
        assertThat(finFrom(jvm, 5000)).singleElement().extracting(Verdict::verdict)
                .isEqualTo(VerdictKind.UNATTRIBUTED);
    }

    @Test
    void finFromARunningJvmWithoutCloseIsUnattributed() {
        assertThat(finFrom(Evidence.running(60), 5000)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.UNATTRIBUTED);
            assertThat(v.explanation()).contains("was still running");
        });
    }
}
