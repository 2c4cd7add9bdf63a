package tcptrace.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.agent.event.SocketOptionsSnapshot;
import tcptrace.agent.sink.EventSink;

/** The recorder driven the way the probes drive it, against real loopback sockets (no agent needed). */
class EventRecorderTest {
    private final List<SocketEvent> events = new CopyOnWriteArrayList<>();
    private final EventSink collector = new EventSink() {
        @Override
        public void accept(SocketEvent e) {
            events.add(e);
        }

        @Override
        public void shutdown(long epochNanos) {
        }
    };
    private ServerSocket server;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private EventRecorder recorder(Set<Integer> ports) {
        return new EventRecorder(16, new PortFilter(ports), List.of(collector), 1_000);
    }

    @Test
    void connectThenCloseKeepsTheTupleCountersAndNamesTheApplication() throws Exception {
        EventRecorder r = recorder(Set.of());
        try (Socket c = new Socket()) {
            c.connect(server.getLocalSocketAddress());
            Object impl = impl(c);
            r.connected(impl, server.getLocalSocketAddress(), 100, true, null);
            r.written(impl, 5, null);
            r.read(impl, 7, null);
            r.closing(impl, 200);
            c.close();

            assertThat(events).extracting(SocketEvent::kind).containsExactly(EventKind.CONNECT, EventKind.CLOSE);
            SocketEvent connect = events.get(0);
            SocketEvent close = events.get(1);
            assertThat(connect.epochNanos()).isEqualTo(100);
            assertThat(connect.api()).isEqualTo(SocketApi.SOCKET);
            assertThat(connect.remote()).isEqualTo(new Endpoint(new byte[] {127, 0, 0, 1}, server.getLocalPort()));
            assertThat(connect.local()).isEqualTo(new Endpoint(new byte[] {127, 0, 0, 1}, c.getLocalPort()));
            assertThat(connect.options()).isEqualTo(SocketOptionsSnapshot.DEFAULTS);
            assertThat(connect.stack()).isEmpty();
            assertThat(close.epochNanos()).isEqualTo(200);
            assertThat(close.connectionId()).isEqualTo(connect.connectionId()).isPositive();
            assertThat(close.connectionStartNanos()).isEqualTo(100);
            assertThat(close.local()).isEqualTo(connect.local());
            assertThat(close.remote()).isEqualTo(connect.remote());
            assertThat(close.actor()).isEqualTo(CloseActor.APP);
            assertThat(close.bytesWritten()).isEqualTo(5);
            assertThat(close.bytesRead()).isEqualTo(7);
            assertThat(close.threadName()).isEqualTo(Thread.currentThread().getName());
            assertThat(close.stack()).isNotEmpty().noneMatch(f -> f.startsWith("tcptrace.agent."));
            assertThat(r.tracked()).isZero();
        }
    }

    @Test
    void endOfStreamIsReportedOnce() throws Exception {
        EventRecorder r = recorder(Set.of());
        try (Socket c = new Socket()) {
            c.connect(server.getLocalSocketAddress());
            Object impl = impl(c);
            r.connected(impl, server.getLocalSocketAddress(), 1, true, null);
            r.read(impl, -1, null);
            r.read(impl, -1, null);
            assertThat(events).extracting(SocketEvent::kind).containsExactly(EventKind.CONNECT, EventKind.EOF);
            assertThat(events.get(1).stack()).isEmpty();
        }
    }

    @Test
    void optionsSetBeforeConnectAreCarriedAndLaterChangesReported() throws Exception {
        EventRecorder r = recorder(Set.of());
        try (Socket c = new Socket()) {
            c.setKeepAlive(true); // creates the socket: its FileDescriptor exists from here on
            Object impl = impl(c);
            r.optionSet(impl, 0x0008, Boolean.TRUE); // SocketOptions.SO_KEEPALIVE, before connect: no event
            assertThat(events).isEmpty();
            c.connect(server.getLocalSocketAddress());
            r.connected(impl, server.getLocalSocketAddress(), 1, true, null);
            r.optionSet(impl, 0x0080, 0); // SO_LINGER 0: the close will be an abort
            r.optionSet(impl, StandardSocketOptions.SO_LINGER, 0); // no change, no event
            r.optionSet(impl, jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 30);
            r.closing(impl, 2);

            assertThat(events).extracting(SocketEvent::kind).containsExactly(EventKind.CONNECT, EventKind.OPTIONS,
                    EventKind.OPTIONS, EventKind.CLOSE);
            assertThat(events.get(0).options().keepAlive()).isEqualTo(1);
            assertThat(events.get(1).options().linger()).isZero();
            assertThat(events.get(3).options())
                    .isEqualTo(new SocketOptionsSnapshot(1, 30, -1, -1, 0, 0));
        }
    }

    @Test
    void portsFilterLeavesOtherConnectionsOut() throws Exception {
        EventRecorder r = recorder(Set.of(server.getLocalPort() == 1 ? 2 : 1));
        try (Socket c = new Socket()) {
            c.connect(server.getLocalSocketAddress());
            Object impl = impl(c);
            r.connected(impl, server.getLocalSocketAddress(), 1, true, null);
            r.read(impl, -1, null);
            r.read(impl, 0, new SocketException("Connection reset"));
            r.closing(impl, 2);
        }
        assertThat(events).isEmpty();
        EventRecorder matching = recorder(Set.of(server.getLocalPort()));
        try (Socket c = new Socket()) {
            c.connect(server.getLocalSocketAddress());
            matching.connected(impl(c), server.getLocalSocketAddress(), 1, true, null);
        }
        assertThat(events).extracting(SocketEvent::kind).containsExactly(EventKind.CONNECT);
    }

    @Test
    void socketOpenedBeforeTheAgentIsRecognisedAtItsClose() throws Exception {
        EventRecorder r = recorder(Set.of());
        try (Socket c = new Socket()) {
            c.connect(server.getLocalSocketAddress());
            c.setSoLinger(true, 0);
            c.setSoTimeout(1234);
            r.closing(impl(c), 5);
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(EventKind.CLOSE);
                assertThat(e.connectionStartNanos()).isZero();
                assertThat(e.connectionId()).isPositive();
                assertThat(e.remote().port()).isEqualTo(server.getLocalPort());
                assertThat(e.local().port()).isEqualTo(c.getLocalPort());
                // what the kernel and the Socket know now; the keepalive timers stay unknown
                assertThat(e.options()).isEqualTo(new SocketOptionsSnapshot(0, -1, -1, -1, 0, 1234));
            });
        }
    }

    @Test
    void descriptorClosedWithoutCloseIsTheCleanerWithTheConnectStack() throws Exception {
        EventRecorder r = recorder(Set.of());
        try (Socket c = new Socket()) {
            c.connect(server.getLocalSocketAddress());
            Object impl = impl(c);
            r.connected(impl, server.getLocalSocketAddress(), 1, true, null);
            r.descriptorClosing(JdkSockets.fd(impl));
            r.descriptorClosing(JdkSockets.fd(impl));
        }
        assertThat(events).extracting(SocketEvent::kind).containsExactly(EventKind.CONNECT, EventKind.CLOSE);
        SocketEvent close = events.get(1);
        assertThat(close.actor()).isEqualTo(CloseActor.CLEANER);
        assertThat(close.stack()).isNotEmpty();
    }

    @Test
    void descriptorCloseAfterAnApplicationCloseIsNotReportedAgain() throws Exception {
        EventRecorder r = recorder(Set.of());
        try (Socket c = new Socket()) {
            c.connect(server.getLocalSocketAddress());
            Object impl = impl(c);
            r.connected(impl, server.getLocalSocketAddress(), 1, true, null);
            r.closing(impl, 2);
            r.descriptorClosing(JdkSockets.fd(impl));
            r.descriptorClosing(new FileDescriptor());
        }
        assertThat(events).extracting(SocketEvent::actor).containsExactly(CloseActor.NONE, CloseActor.APP);
    }

    @Test
    void failedConnectCarriesTheMessageAndTarget() throws Exception {
        EventRecorder r = recorder(Set.of());
        InetSocketAddress nobody;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = (InetSocketAddress) s.getLocalSocketAddress();
        }
        try (Socket c = new Socket()) {
            Object impl = impl(c);
            ConnectException refused = null;
            try {
                c.connect(nobody);
            } catch (ConnectException e) {
                refused = e;
            }
            assertThat(refused).isNotNull();
            r.connected(impl, nobody, 9, false, refused);
        }
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.CONNECT_FAILED);
            assertThat(e.message()).contains("Connection refused");
            assertThat(e.remote().port()).isEqualTo(nobody.getPort());
            assertThat(e.epochNanos()).isEqualTo(9);
        });
    }

    @Test
    void errorsAreReportedOnceAndTimeoutsAndOwnClosesAreNoErrors() throws Exception {
        EventRecorder r = recorder(Set.of());
        try (Socket c = new Socket()) {
            c.connect(server.getLocalSocketAddress());
            Object impl = impl(c);
            r.connected(impl, server.getLocalSocketAddress(), 1, true, null);
            r.read(impl, 0, new SocketTimeoutException("Read timed out"));
            r.read(impl, 0, new SocketException("Socket closed"));
            r.read(impl, 0, new SocketException("Connection reset"));
            r.read(impl, 0, new SocketException("Connection reset"));
            r.written(impl, 0, new SocketException("Broken pipe"));
        }
        assertThat(events).filteredOn(e -> e.kind() == EventKind.ERROR).extracting(SocketEvent::message)
                .containsExactly("Connection reset", "Broken pipe");
        assertThat(events.get(1).stack()).isNotEmpty();
    }

    @Test
    void socketChannelsAreTracedToo() throws Exception {
        EventRecorder r = recorder(Set.of());
        try (SocketChannel ch = SocketChannel.open()) {
            ch.connect(server.getLocalSocketAddress());
            r.connected(ch, server.getLocalSocketAddress(), 1, true, null);
            r.shutdown(ch, true, 2);
            r.shutdown(ch, true, 3);
            r.closing(ch, 4);
        }
        assertThat(events).extracting(SocketEvent::kind)
                .containsExactly(EventKind.CONNECT, EventKind.SHUTDOWN_OUTPUT, EventKind.CLOSE);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.api()).isEqualTo(SocketApi.SOCKET_CHANNEL);
            assertThat(e.remote().port()).isEqualTo(server.getLocalPort());
        });
    }

    @Test
    void nonBlockingConnectAbandonedByACloseIsAFailedConnect() throws Exception {
        EventRecorder r = recorder(Set.of());
        try (SocketChannel ch = SocketChannel.open()) {
            ch.configureBlocking(false);
            ch.connect(server.getLocalSocketAddress());
            r.connected(ch, server.getLocalSocketAddress(), 1, false, null);
            r.closing(ch, 5);
            r.closing(ch, 6);
        }
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.CONNECT_FAILED);
            assertThat(e.epochNanos()).isEqualTo(5);
            assertThat(e.api()).isEqualTo(SocketApi.SOCKET_CHANNEL);
            assertThat(e.remote().port()).isEqualTo(server.getLocalPort());
            assertThat(e.message()).isEqualTo("closed while connecting");
        });
    }

    @Test
    void aThrowingSinkCostsTheOthersNothing() throws Exception {
        EventSink broken = new EventSink() {
            @Override
            public void accept(SocketEvent e) {
                throw new IllegalStateException("disk on fire");
            }

            @Override
            public void shutdown(long epochNanos) {
            }
        };
        EventRecorder r = new EventRecorder(4, new PortFilter(Set.of()), List.of(broken, collector), 10);
        try (Socket c = new Socket()) {
            c.connect(server.getLocalSocketAddress());
            r.connected(impl(c), server.getLocalSocketAddress(), 1, true, null);
        }
        assertThat(events).extracting(SocketEvent::kind).containsExactly(EventKind.CONNECT);
    }

    @Test
    void fullRegistryStillReportsTheCloseOfAConnectionItCouldNotRemember() throws Exception {
        EventRecorder r = new EventRecorder(4, new PortFilter(Set.of()), List.of(collector), 1);
        try (Socket first = new Socket(); Socket second = new Socket()) {
            first.connect(server.getLocalSocketAddress());
            second.connect(server.getLocalSocketAddress());
            r.connected(impl(first), server.getLocalSocketAddress(), 1, true, null);
            r.connected(impl(second), server.getLocalSocketAddress(), 2, true, null);
            r.closing(impl(second), 3);
            assertThat(events).extracting(SocketEvent::kind).containsExactly(EventKind.CONNECT, EventKind.CLOSE);
            assertThat(events.get(1).local().port()).isEqualTo(second.getLocalPort());
            assertThat(events.get(1).connectionStartNanos()).isZero();
        }
    }

    /** The NioSocketImpl behind a Socket (wrapped in a SocksSocketImpl when no factory is set). */
    static Object impl(Socket s) throws ReflectiveOperationException {
        Field f = Socket.class.getDeclaredField("impl");
        f.setAccessible(true);
        Object impl = f.get(s);
        Class<?> delegating = Class.forName("java.net.DelegatingSocketImpl");
        if (delegating.isInstance(impl)) {
            Field d = delegating.getDeclaredField("delegate");
            d.setAccessible(true);
            impl = d.get(impl);
        }
        return impl;
    }
}
