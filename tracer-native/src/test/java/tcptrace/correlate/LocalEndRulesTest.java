package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.RST;
import static tcptrace.capture.TcpSegment.SYN;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.os.SocketOwner;
import tcptrace.os.SocketOwnerLookup;

/** An end on the capture's host is never PEER_*: without an event of its own it is UNATTRIBUTED, saying why. */
class LocalEndRulesTest {
    private final Conversation loopback = new Conversation(endpoint("127.0.0.1", 40000), endpoint("127.0.0.1", 8080),
            1, 2);

    @Test
    void finFromAnUntracedLoopbackEndIsUnattributedNotPeerClose() {
        loopback.handshake(0);
        loopback.send(false, 1000, FIN | ACK, 0);
        List<Verdict> vs = new Evidence().events(Evidence.running(3),
                loopback.simple(true, EventKind.CONNECT, -5, -5, "main"),
                loopback.simple(true, EventKind.EOF, 1300, -5, "main")).packets(loopback.packets).correlate();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.UNATTRIBUTED);
            assertThat(v.src()).isEqualTo(loopback.server);
            assertThat(v.pid()).isNull();
            assertThat(v.explanation()).isEqualTo("127.0.0.1:8080 is on this host (loopback) but no traced JVM "
                    + "recorded this connection: its owner is not traced, or closed it through a path the agent does "
                    + "not see");
        });
    }

    @Test
    void bothUntracedLoopbackEndsAreUnattributed() {
        loopback.handshake(0);
        loopback.send(true, 1000, FIN | ACK, 0);
        loopback.send(false, 1100, FIN | ACK, 0);
        assertThat(new Evidence().packets(loopback.packets).correlate()).extracting(Verdict::verdict)
                .containsExactly(VerdictKind.UNATTRIBUTED, VerdictKind.UNATTRIBUTED);
    }

    @Test
    void ipv6LoopbackIsOnThisHost() {
        Conversation v6 = new Conversation(endpoint("::1", 40000), endpoint("::1", 8080), 1, 2);
        v6.handshake(0);
        v6.send(false, 1000, FIN | ACK, 0);
        assertThat(new Evidence().packets(v6.packets).correlate()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.UNATTRIBUTED);
            assertThat(v.explanation()).startsWith("[0:0:0:0:0:0:0:1]:8080 is on this host (loopback) but");
        });
    }

    @Test
    void rstFromAnUntracedLoopbackSocketIsUnattributedNotPeerReset() {
        loopback.handshake(0);
        loopback.send(false, 1000, RST | ACK, 0);
        assertThat(new Evidence().packets(loopback.packets).correlate()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.UNATTRIBUTED);
            assertThat(v.explanation()).isEqualTo("127.0.0.1:8080 is on this host (loopback) but no traced JVM "
                    + "recorded this connection: its owner is not traced, or reset it through a path the agent does "
                    + "not see");
        });
    }

    @Test
    void refusalByThisHostsKernelNamesTheHostNotAPeer() {
        loopback.send(true, 0, SYN, 0);
        loopback.send(false, 30, RST | ACK, 0);
        assertThat(new Evidence().packets(loopback.packets).correlate()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.PEER_RESET);
            assertThat(v.reason()).isEqualTo(ResetReason.REFUSED);
            assertThat(v.explanation()).isEqualTo("127.0.0.1:8080 is on this host (loopback) and nothing listens on "
                    + "port 8080 there: its kernel refused the connection");
        });
    }

    @Test
    void addressOfATracedJvmIsOnItsHostForAnotherProcessToo() {
        Conversation traced = new Conversation(endpoint("10.9.0.1", 41000), endpoint("10.9.0.2", 8080), 7, 8);
        Conversation other = new Conversation(endpoint("10.9.0.1", 9000), endpoint("10.9.0.2", 5000), 1, 2);
        other.handshake(0);
        other.send(true, 1000, FIN | ACK, 0);
        other.send(false, 1100, FIN | ACK, 0);
        List<Verdict> vs = new Evidence()
                .events(Evidence.running(3), traced.simple(true, EventKind.CONNECT, 0, 0, "main"))
                .packets(other.packets).correlate();

        assertThat(vs).extracting(Verdict::verdict).containsExactly(VerdictKind.UNATTRIBUTED, VerdictKind.PEER_CLOSE);
        assertThat(vs.get(0).explanation()).isEqualTo("10.9.0.1:9000 is on the host of a traced JVM (pid 3 has that "
                + "address) but no traced JVM recorded this connection: its owner is not traced, or closed it through "
                + "a path the agent does not see");
    }

    @Test
    void addressOfTheCapturesInterfaceIsOnItsHost() {
        Conversation c = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080), 1, 2);
        c.handshake(0);
        c.send(true, 1000, FIN | ACK, 0);
        c.send(false, 1100, FIN | ACK, 0);
        List<Verdict> out = new ArrayList<>();
        Correlator correlator = Correlator.postMortem(out::add, true,
                e -> e.hostAddress().equals("10.9.0.1") ? LocalEnd.addressOfCaptureInterface("eth0") : null);
        c.packets.forEach(correlator::onSegment);
        correlator.finish();

        assertThat(out).extracting(Verdict::verdict).containsExactly(VerdictKind.UNATTRIBUTED, VerdictKind.PEER_CLOSE);
        assertThat(out.get(0).explanation()).startsWith("10.9.0.1:40000 is on the capture's host (an address of its "
                + "interface eth0) but no traced JVM recorded this connection");
    }

    @Test
    void untracedOwnerTheKernelNamedIsThePidOfTheRecord() {
        loopback.handshake(0);
        loopback.send(false, 1000, FIN | ACK, 0);
        Owners owners = new Owners(Map.of(loopback.server, new SocketOwner(812, "nginx")));
        assertThat(new Evidence().owners(owners).packets(loopback.packets).correlate()).singleElement()
                .satisfies(v -> {
                    assertThat(v.verdict()).isEqualTo(VerdictKind.UNATTRIBUTED);
                    assertThat(v.pid()).isEqualTo(812L);
                    assertThat(v.explanation()).isEqualTo("127.0.0.1:8080 is on this host (loopback): pid 812 (nginx) "
                            + "is not traced (it holds this socket), so nothing says why it sent this FIN");
                });
    }

    @Test
    void tracedOwnerWithoutEventsClosedThroughAPathTheAgentDoesNotSee() {
        loopback.handshake(0);
        loopback.send(false, 1000, FIN | ACK, 0);
        Owners owners = new Owners(Map.of(loopback.server, new SocketOwner(1234, "java")));
        assertThat(new Evidence().owners(owners).tracing(Evidence.running(1234)).packets(loopback.packets)
                .correlate()).singleElement().satisfies(v -> {
                    assertThat(v.verdict()).isEqualTo(VerdictKind.UNATTRIBUTED);
                    assertThat(v.pid()).isEqualTo(1234L);
                    assertThat(v.explanation()).isEqualTo("127.0.0.1:8080 is on this host (loopback): pid 1234 (java) "
                            + "is traced but recorded nothing for this connection: it closed the socket through a path "
                            + "the agent does not see");
                });
    }

    @Test
    void ownerGoneBeforeTheKernelWasAskedIsSaid() {
        loopback.handshake(0);
        loopback.send(false, 1000, FIN | ACK, 0);
        assertThat(new Evidence().owners(new Owners(Map.of())).packets(loopback.packets).correlate()).singleElement()
                .satisfies(v -> {
                    assertThat(v.pid()).isNull();
                    assertThat(v.explanation()).endsWith("; the socket was gone before the kernel could say who held "
                            + "it");
                });
    }

    @Test
    void ownersAreAskedOncePerConnectionAtItsFirstPacketNotPerPacket() {
        Conversation remote = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080), 5, 6);
        loopback.handshake(0);
        loopback.send(true, 100, ACK, 10);
        loopback.send(false, 200, ACK, 10);
        loopback.send(true, 1000, FIN | ACK, 0);
        remote.handshake(0);
        remote.send(true, 1000, FIN | ACK, 0);
        Owners owners = new Owners(Map.of());
        List<Packet> all = new ArrayList<>(loopback.packets);
        all.addAll(remote.packets);
        new Evidence().owners(owners).packets(all).correlate();

        // both loopback ends, once each; the remote connection has no end on this host
        assertThat(owners.sightings).containsExactlyInAnyOrder(loopback.client, loopback.server);
    }

    @Test
    void remotePeerOfATracedJvmStaysAPeer() {
        Conversation c = new Conversation(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080), 1, 2);
        c.handshake(0);
        c.send(false, 1000, FIN | ACK, 0);
        List<Verdict> vs = new Evidence().owners(new Owners(Map.of()))
                .events(Evidence.running(3), c.simple(true, EventKind.CONNECT, -5, -5, "main"))
                .packets(c.packets).correlate();

        assertThat(vs).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictKind.PEER_CLOSE);
            assertThat(v.pid()).isNull();
        });
    }

    /** What a kernel said of its sockets' owners, by local end; it records each sighting. */
    private static final class Owners implements SocketOwnerLookup {
        private final Map<Endpoint, SocketOwner> byLocal;
        final List<Endpoint> sightings = new ArrayList<>();

        Owners(Map<Endpoint, SocketOwner> byLocal) {
            this.byLocal = byLocal;
        }

        @Override
        public void sighted(Endpoint local, Endpoint remote) {
            sightings.add(local);
        }

        @Override
        public Optional<SocketOwner> owner(Endpoint local, Endpoint remote) {
            return Optional.ofNullable(byLocal.get(local));
        }
    }
}
