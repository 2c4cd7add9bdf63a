package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.RST;
import static tcptrace.correlate.Conversation.at;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.os.SocketOwnerLookup;
import tcptrace.agent.event.SocketOptionsSnapshot;

/** A shutdownOutput that a close makes on its way (SSLSocket, Apache HttpClient 5 async) is that close. */
class ShutdownInsideCloseRuleTest {
    private static final List<String> CALLER = List.of("demo.Client.call(Client.java:40)",
            "demo.Client.main(Client.java:12)");
    private static final List<String> SSL_SHUTDOWN = stack(List.of(
            "sun.nio.ch.NioSocketImpl.shutdownOutput(NioSocketImpl.java:950)",
            "java.net.Socket.shutdownOutput(Socket.java:1700)",
            "sun.security.ssl.BaseSSLSocketImpl.shutdownOutput(BaseSSLSocketImpl.java:250)",
            "sun.security.ssl.SSLSocketImpl.deliverClosedNotify(SSLSocketImpl.java:765)",
            "sun.security.ssl.SSLSocketImpl.closeNotify(SSLSocketImpl.java:734)",
            "sun.security.ssl.SSLSocketImpl.duplexCloseOutput(SSLSocketImpl.java:663)",
            "sun.security.ssl.SSLSocketImpl.close(SSLSocketImpl.java:584)"));
    private static final List<String> SSL_CLOSE = stack(List.of(
            "sun.nio.ch.NioSocketImpl.close(NioSocketImpl.java:830)",
            "java.net.Socket.close(Socket.java:1600)",
            "sun.security.ssl.BaseSSLSocketImpl.close(BaseSSLSocketImpl.java:640)",
            "sun.security.ssl.SSLSocketImpl.closeSocket(SSLSocketImpl.java:1790)",
            "sun.security.ssl.SSLSocketImpl.close(SSLSocketImpl.java:601)"));
    private static final List<String> SSL_SHUTDOWN_INPUT = stack(List.of(
            "sun.nio.ch.NioSocketImpl.shutdownInput(NioSocketImpl.java:940)",
            "java.net.Socket.shutdownInput(Socket.java:1680)",
            "sun.security.ssl.BaseSSLSocketImpl.shutdownInput(BaseSSLSocketImpl.java:216)",
            "sun.security.ssl.SSLSocketImpl.bruteForceCloseInput(SSLSocketImpl.java:815)",
            "sun.security.ssl.SSLSocketImpl.duplexCloseOutput(SSLSocketImpl.java:666)",
            "sun.security.ssl.SSLSocketImpl.close(SSLSocketImpl.java:584)"));
    private static final List<String> HC5_SHUTDOWN = stack(List.of(
            "sun.nio.ch.SocketChannelImpl.shutdownOutput(SocketChannelImpl.java:1100)",
            "org.apache.hc.core5.reactor.IOSessionImpl.close(IOSessionImpl.java:250)",
            "org.apache.hc.core5.reactor.InternalDataChannel.close(InternalDataChannel.java:330)"));
    private static final List<String> HC5_CLOSE = stack(List.of(
            "sun.nio.ch.SocketChannelImpl.implCloseSelectableChannel(SocketChannelImpl.java:1000)",
            "java.nio.channels.spi.AbstractInterruptibleChannel.close(AbstractInterruptibleChannel.java:112)",
            "org.apache.hc.core5.io.Closer.closeQuietly(Closer.java:71)",
            "org.apache.hc.core5.reactor.IOSessionImpl.close(IOSessionImpl.java:262)",
            "org.apache.hc.core5.reactor.InternalDataChannel.close(InternalDataChannel.java:330)"));

    private final Conversation conv = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8443),
            1, 2);
    private final TracedJvm client = Evidence.running(7);

    @Test
    void sslSocketCloseThatShutsTheOutputDownIsAClose() {
        conv.handshake(0);
        conv.send(true, 500, FIN | ACK, 0);
        SocketEvent close = event(EventKind.CLOSE, 530, 1, SSL_CLOSE);
        List<Verdict> vs = new Evidence().events(client, event(EventKind.SHUTDOWN_OUTPUT, 480, 1, SSL_SHUTDOWN),
                close).packets(conv.packets).correlate();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.APP_CLOSE);
            assertThat(v.stack()).isEqualTo(SSL_CLOSE);
            assertThat(v.thread()).isEqualTo("main");
            assertThat(v.events()).contains(close);
            assertThat(v.explanation()).isEqualTo("the application closed the socket on thread main and the close"
                    + " in sun.security.ssl.SSLSocketImpl.close shut the output down first (no half-close); the"
                    + " kernel sent this FIN 20 µs later");
        });
    }

    @Test
    void httpClient5GracefulSessionCloseIsAClose() {
        conv.handshake(0);
        conv.send(true, 500, FIN | ACK, 0);
        List<Verdict> vs = new Evidence().events(client, event(EventKind.SHUTDOWN_OUTPUT, 490, 1, HC5_SHUTDOWN),
                event(EventKind.CLOSE, 510, 1, HC5_CLOSE)).packets(conv.packets).correlate();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.APP_CLOSE);
            assertThat(v.stack()).isEqualTo(HC5_CLOSE);
            assertThat(v.explanation()).contains("org.apache.hc.core5.reactor.IOSessionImpl.close");
        });
    }

    @Test
    void halfCloseTheApplicationKeepsReadingAfterStaysAHalfClose() {
        List<String> shutdown = List.of("sun.nio.ch.NioSocketImpl.shutdownOutput(NioSocketImpl.java:950)",
                "java.net.Socket.shutdownOutput(Socket.java:1700)", "demo.Client.upload(Client.java:30)",
                "demo.Client.main(Client.java:12)");
        List<String> close = List.of("sun.nio.ch.NioSocketImpl.close(NioSocketImpl.java:830)",
                "java.net.Socket.close(Socket.java:1600)", "demo.Client.upload(Client.java:36)",
                "demo.Client.main(Client.java:12)");
        conv.handshake(0);
        conv.send(true, 500, FIN | ACK, 0);
        List<Verdict> vs = new Evidence().events(client, event(EventKind.SHUTDOWN_OUTPUT, 480, 1, shutdown),
                event(EventKind.EOF, 900, 1, List.of()), event(EventKind.CLOSE, 950, 1, close))
                .packets(conv.packets).correlate();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.APP_SHUTDOWN_OUTPUT);
            assertThat(v.stack()).isEqualTo(shutdown);
        });
    }

    @Test
    void aCloseOnAnotherThreadIsNotTheOneTheShutdownWasMadeIn() {
        conv.handshake(0);
        conv.send(true, 500, FIN | ACK, 0);
        List<Verdict> vs = new Evidence().events(client, event(EventKind.SHUTDOWN_OUTPUT, 480, 1, SSL_SHUTDOWN),
                event(EventKind.CLOSE, 530, 2, SSL_CLOSE)).packets(conv.packets).correlate();

        assertThat(vs).singleElement().extracting(Verdict::verdict).isEqualTo(VerdictKind.APP_SHUTDOWN_OUTPUT);
    }

    @Test
    void aCloseLaterThanTheHoldIsNotEvidence() {
        conv.handshake(0);
        conv.send(true, 500, FIN | ACK, 0);
        long afterTheHold = 500 + Correlator.DEFAULT_HOLD_NANOS / 1000 + 1;
        List<Verdict> vs = new Evidence().events(client, event(EventKind.SHUTDOWN_OUTPUT, 480, 1, SSL_SHUTDOWN),
                event(EventKind.CLOSE, afterTheHold, 1, SSL_CLOSE)).packets(conv.packets).correlate();

        assertThat(vs).singleElement().extracting(Verdict::verdict).isEqualTo(VerdictKind.APP_SHUTDOWN_OUTPUT);
    }

    @Test
    void liveTheCloseJournaledAfterTheFinStillDecidesIt() {
        List<Verdict> out = new ArrayList<>();
        Correlator live = Correlator.live(out::add, Correlator.DEFAULT_HOLD_NANOS, HostAddresses.NONE,
                SocketOwnerLookup.NONE);
        conv.handshake(0);
        conv.send(true, 500, FIN | ACK, 0);
        live.onAppEvent(new AppEvent(client, event(EventKind.SHUTDOWN_OUTPUT, 480, 1, SSL_SHUTDOWN)));
        conv.packets.forEach(live::onSegment);
        live.advance(at(600));
        live.onAppEvent(new AppEvent(client, event(EventKind.CLOSE, 700, 1, SSL_CLOSE)));
        assertThat(out).isEmpty();
        live.advance(at(500) + Correlator.DEFAULT_HOLD_NANOS);

        assertThat(out).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.APP_CLOSE);
            assertThat(v.stack()).isEqualTo(SSL_CLOSE);
        });
    }

    @Test
    void dataArrivingAfterTheCloseShutTheInputDownIsResetByTheClose() {
        conv.handshake(0);
        conv.send(true, 500, FIN | ACK, 0);
        conv.send(false, 600, ACK, 40);
        conv.send(true, 610, RST, 0);
        List<Verdict> vs = new Evidence().events(client, event(EventKind.SHUTDOWN_OUTPUT, 480, 1, SSL_SHUTDOWN),
                event(EventKind.SHUTDOWN_INPUT, 550, 1, SSL_SHUTDOWN_INPUT), event(EventKind.CLOSE, 620, 1, SSL_CLOSE))
                .packets(conv.packets).correlate();

        assertThat(vs).extracting(Verdict::packet, Verdict::verdict).containsExactly(
                tuple(PacketKind.FIN, VerdictKind.APP_CLOSE), tuple(PacketKind.RST, VerdictKind.APP_ABORT));
        assertThat(vs.get(1).stack()).isEqualTo(SSL_CLOSE);
        assertThat(vs.get(1).explanation()).isEqualTo("the application closed the socket on thread main and the"
                + " close in sun.security.ssl.SSLSocketImpl.close shut the input down first; 40 bytes that arrived"
                + " after it made the kernel send this RST 60 µs later");
    }

    @Test
    void aResetAfterAShutdownInputWithNoCloseAfterItIsNotExplainedByOne() {
        conv.handshake(0);
        conv.send(true, 500, FIN | ACK, 0);
        conv.send(false, 600, ACK, 40);
        conv.send(true, 610, RST, 0);
        List<Verdict> vs = new Evidence().events(client, event(EventKind.SHUTDOWN_OUTPUT, 480, 1, SSL_SHUTDOWN),
                event(EventKind.SHUTDOWN_INPUT, 550, 1, SSL_SHUTDOWN_INPUT)).packets(conv.packets).correlate();

        assertThat(vs).extracting(Verdict::packet, Verdict::verdict).containsExactly(
                tuple(PacketKind.FIN, VerdictKind.APP_SHUTDOWN_OUTPUT), tuple(PacketKind.RST, VerdictKind.UNATTRIBUTED));
    }

    @Test
    void stacksThatPartOutsideAnyCloseAreNoEvidence() {
        assertThat(EnclosingClose.of(List.of("a.B.shutdown(B.java:1)", "a.App.run(App.java:5)"),
                List.of("a.B.close(B.java:9)", "a.App.run(App.java:8)"))).isEmpty();
        assertThat(EnclosingClose.of(SSL_SHUTDOWN, SSL_CLOSE)).contains("sun.security.ssl.SSLSocketImpl.close");
        assertThat(EnclosingClose.of(List.of("x.Y.close(Y.java:3)"), List.of("x.Y.close(Y.java:3)"))).isEmpty();
    }

    private static List<String> stack(List<String> library) {
        List<String> s = new ArrayList<>(library);
        s.addAll(CALLER);
        return List.copyOf(s);
    }

    private SocketEvent event(EventKind kind, long micros, long threadId, List<String> stack) {
        return new SocketEvent(kind, at(micros), 1, at(-5), SocketApi.SOCKET, conv.client, conv.server, threadId,
                threadId == 1 ? "main" : "worker-" + threadId, false,
                kind == EventKind.CLOSE ? CloseActor.APP : CloseActor.NONE, 0, 0, SocketOptionsSnapshot.DEFAULTS,
                null, stack);
    }
}
