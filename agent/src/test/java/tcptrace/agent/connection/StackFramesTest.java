package tcptrace.agent.connection;

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
    }

    @Test
    void captureStartsAtTheCallerAndHonoursTheDepth() {
        List<String> frames = StackFrames.format(captureFromHere(3));
        // this test class lives in tcptrace.agent.*, so its own frames count as tcptrace's: only JUnit's remain
        assertThat(frames).hasSize(3).noneMatch(f -> f.startsWith("tcptrace.agent."));
        assertThat(StackFrames.format(captureFromHere(0))).isEmpty();
    }

    private static List<StackWalker.StackFrame> captureFromHere(int depth) {
        return new StackFrames(depth).capture();
    }

    @Test
    void anOrdinaryCloseIsNoInterrupt() {
        assertThat(StackFrames.closedByInterrupt()).isFalse();
    }
}
