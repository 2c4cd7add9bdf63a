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
        assertThat(StackFrames.isOwn("tcptrace.agentx.Y")).isFalse();
        assertThat(StackFrames.isOwn("tcptrace")).isFalse();
    }

    @Test
    void captureStartsAtTheCallerAndHonoursTheDepth() {
        List<String> frames = new StackFrames(3).capture();
        // this test class lives in tcptrace.agent.*, so its own frames count as tcptrace's: only JUnit's remain
        assertThat(frames).hasSize(3).noneMatch(f -> f.startsWith("tcptrace.agent."));
        assertThat(new StackFrames(0).capture()).isEmpty();
        assertThat(new StackFrames(0).keepsFrames()).isFalse();
    }

    @Test
    void framesFollowTheTraceInOrderWithoutTcptracesOwn() {
        StackTraceElement[] trace = {
            new StackTraceElement("tcptrace.agent.bootstrap.SocketProbes", "closing", "SocketProbes.java", 90),
            new StackTraceElement("sun.nio.ch.NioSocketImpl", "close", "NioSocketImpl.java", 830),
            new StackTraceElement("tcptrace.journal.JournalWriter", "x", null, -1),
            new StackTraceElement("java.net.Socket", "close", "Socket.java", 1592),
            new StackTraceElement("demo.Client", "main", "Client.java", 21)};
        assertThat(new StackFrames(2).format(trace))
                .containsExactly("sun.nio.ch.NioSocketImpl.close(NioSocketImpl.java:830)",
                        "java.net.Socket.close(Socket.java:1592)");
        assertThat(new StackFrames(32).format(trace)).hasSize(3).last()
                .isEqualTo("demo.Client.main(Client.java:21)");
    }

    @Test
    void anOrdinaryCloseIsNoInterrupt() {
        assertThat(new StackFrames(32).here().closedByInterrupt()).isFalse();
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
