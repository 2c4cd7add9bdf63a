package tcptrace.agent.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StackFramesTest {

    @Test
    void frameLooksLikeStackTraceElementWithoutModule() {
        assertThat(StackFrames.format("java.net.Socket", "close", "Socket.java", 1592, false))
                .isEqualTo("java.net.Socket.close(Socket.java:1592)")
                .isEqualTo(new StackTraceElement("java.net.Socket", "close", "Socket.java", 1592).toString());
    }

    @Test
    void nativeUnknownAndLineless() {
        assertThat(StackFrames.format("sun.nio.ch.Net", "connect0", null, -2, true))
                .isEqualTo("sun.nio.ch.Net.connect0(Native Method)");
        assertThat(StackFrames.format("a.B", "m", null, -1, false)).isEqualTo("a.B.m(Unknown Source)");
        assertThat(StackFrames.format("a.B", "m", "B.java", -1, false)).isEqualTo("a.B.m(B.java)");
    }

    @Test
    void ownFramesAreTcptracesProbesAgentAndRelocatedLibraries() {
        assertThat(StackFrames.isOwn("tcptrace.agent.bootstrap.SocketProbes")).isTrue();
        assertThat(StackFrames.isOwn("tcptrace.agent.connection.EventRecorder")).isTrue();
        assertThat(StackFrames.isOwn("tcptrace.shaded.bytebuddy.asm.Advice")).isTrue();
        assertThat(StackFrames.isOwn("tcptrace.journal.JournalWriter")).isTrue();
        assertThat(StackFrames.isOwn("sun.nio.ch.NioSocketImpl")).isFalse();
        assertThat(StackFrames.isOwn("tcptrace.scenario.Client")).isFalse();
        assertThat(StackFrames.isOwn("com.example.tcptrace.agent.X")).isFalse();
        assertThat(StackFrames.isOwn("tcptrace.agentx.Y")).isFalse();
        assertThat(StackFrames.isOwn("tcptrace")).isFalse();
    }

    @Test
    void captureStartsAtTheCallerAndHonoursTheDepth() {
        List<String> frames = new StackCapture(3, true).here();
        // this test class lives in tcptrace.agent.*, so its own frames count as tcptrace's: only JUnit's remain
        assertThat(frames).hasSize(3).noneMatch(f -> f.startsWith("tcptrace.agent."));
        assertThat(new StackCapture(0, true).here()).isEmpty();
        assertThat(new StackCapture(0, true).closing(false)).isEmpty();
        assertThat(new StackCapture(0, true).opening()).isNull();
    }

    @Test
    void theSamePlaceGivesTheSameStackObject() {
        StackCapture capture = new StackCapture(8, true);
        List<CapturedStack> stacks = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            stacks.add(capture.closing(false));
        }
        assertThat(stacks.get(1)).isSameAs(stacks.get(0)).isNotEmpty();
        assertThat(stacks.get(0).text()).isEqualTo(String.join("\n", stacks.get(0)));
    }

    @Test
    void stackAtCloseKeepsTheClosingStackAndNoneAtTheOpen() {
        StackCapture closeOnly = new StackCapture(8, false);
        assertThat(closeOnly.opening()).isNull();
        assertThat(closeOnly.closing(false)).hasSize(8);
        assertThat(closeOnly.here()).hasSize(8);
        assertThat(new StackCapture(8, true).opening()).hasSize(8);
    }

    @Test
    void framesReadBackAreAStackEqualToTheirList() {
        List<String> frames = List.of("a.A.close(A.java:1)", "a.A.run(A.java:2)");
        CapturedStack read = CapturedStack.of(frames);
        assertThat(read).isEqualTo(frames).hasSameHashCodeAs(frames);
        assertThat(CapturedStack.of(read)).isSameAs(read);
        assertThat(CapturedStack.of(List.of())).isSameAs(CapturedStack.EMPTY);
        assertThat(read.closedByInterrupt()).isFalse();
    }

    @Test
    void framesFollowTheTraceInOrderWithoutTcptracesOwn() {
        StackTraceElement[] trace = {
            new StackTraceElement("tcptrace.agent.bootstrap.SocketProbes", "closing", "SocketProbes.java", 90),
            new StackTraceElement("sun.nio.ch.NioSocketImpl", "close", "NioSocketImpl.java", 830),
            new StackTraceElement("tcptrace.journal.JournalWriter", "x", null, -1),
            new StackTraceElement("java.net.Socket", "close", "Socket.java", 1592),
            new StackTraceElement("demo.Client", "main", "Client.java", 21)};
        assertThat(new StackCapture(2, true).format(trace))
                .containsExactly("sun.nio.ch.NioSocketImpl.close(NioSocketImpl.java:830)",
                        "java.net.Socket.close(Socket.java:1592)");
        assertThat(new StackCapture(32, true).format(trace)).hasSize(3).last()
                .isEqualTo("demo.Client.main(Client.java:21)");
    }

    @Test
    void anOrdinaryCloseIsNoInterrupt() {
        assertThat(new StackCapture(32, true).closing(true).closedByInterrupt()).isFalse();
    }

    @Test
    void theInterruptorsHandOffIsAnInterrupt() {
        StackTraceElement interruptor = new StackTraceElement(
                "java.nio.channels.spi.AbstractInterruptibleChannel$1", "interrupt", null, -1);
        StackTraceElement close = new StackTraceElement("sun.nio.ch.SocketChannelImpl", "implCloseSelectableChannel",
                null, -1);
        assertThat(StackFrames.closedByInterrupt(new StackTraceElement[] {close, interruptor})).isTrue();
        assertThat(StackFrames.closedByInterrupt(new StackTraceElement[] {close})).isFalse();
    }
}
