package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.Endpoint;
import tcptrace.capture.TcpSegment;

class FourTupleTest {
    @Test
    void bothDirectionsAreOneKey() {
        FourTuple there = FourTuple.of(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080));
        FourTuple back = FourTuple.of(endpoint("10.9.0.2", 8080), endpoint("10.9.0.1", 40000));
        Connection c = connectionOf(there);

        assertThat(back.hash).isEqualTo(there.hash);
        assertThat(c.hasEnds(there)).isTrue();
        assertThat(c.hasEnds(back)).isTrue();
        assertThat(c.sender(there)).isSameAs(c.first());
        assertThat(c.sender(back)).isSameAs(c.second());
    }

    @Test
    void endsComeBackAsTheEndpoints() {
        Endpoint v4 = endpoint("10.9.0.1", 40000);
        Endpoint v6 = endpoint("2001:db8::1", 443);

        assertThat(FourTuple.of(v4, v6).src()).isEqualTo(v4);
        assertThat(FourTuple.of(v4, v6).dst()).isEqualTo(v6);
    }

    @Test
    void aSegmentsIpv4MappedEndIsItsIpv4End() {
        // as an IPv6 capture shows them (InetAddress would turn them into IPv4 addresses already)
        Endpoint mapped = new Endpoint(v4Mapped(10, 9, 0, 1), 40000);
        Endpoint v4 = endpoint("10.9.0.1", 40000);
        Endpoint server = new Endpoint(v4Mapped(10, 9, 0, 2), 8080);
        FourTuple read = new FourTuple();
        read.assign(new Packet(0, mapped, server, 0, 0, 0, 0));

        assertThat(connectionOf(FourTuple.of(v4, endpoint("10.9.0.2", 8080))).hasEnds(read)).isTrue();
        assertThat(read.src()).isEqualTo(v4);
    }

    @Test
    void endsThatOnlyShareAddressesAreDifferentKeys() {
        FourTuple a = FourTuple.of(endpoint("127.0.0.1", 40001), endpoint("127.0.0.1", 8080));

        Connection c = connectionOf(a);
        assertThat(c.hasEnds(FourTuple.of(endpoint("127.0.0.1", 40001), endpoint("127.0.0.1", 8081)))).isFalse();
        assertThat(c.hasEnds(FourTuple.of(endpoint("127.0.0.1", 40000), endpoint("127.0.0.1", 8080)))).isFalse();
    }

    @Test
    void anIpv4EndIsNotTheIpv6EndWithTheSameLowBytes() {
        Endpoint v4 = endpoint("10.1.2.3", 80);
        Endpoint v6 = endpoint("::a01:203", 80);

        assertThat(connectionOf(FourTuple.of(v4, v4)).hasEnds(FourTuple.of(v6, v6))).isFalse();
    }

    /** Hosts of one subnet, ports of one range: Endpoint's own hash collides often on such ends, this one must not. */
    @Test
    void subnetTuplesSpreadOverBuckets() {
        int tuples = 0;
        Set<Integer> buckets = new HashSet<>();
        for (int host = 0; host < 100; host++) {
            for (int port = 40000; port < 40100; port++) {
                int h = FourTuple.of(endpoint("10.1.0." + host, port), endpoint("10.0.0.1", 8080)).hash;
                buckets.add(h & (16384 - 1));
                tuples++;
            }
        }
        assertThat(buckets.size()).isGreaterThan(tuples / 2);
    }

    /** Loopback 4-tuples differ only in their ports: their hashes must still spread over a table's buckets. */
    @Test
    void loopbackTuplesSpreadOverBuckets() {
        int tuples = 0;
        Set<Integer> buckets = new HashSet<>();
        for (int client = 40000; client < 40100; client++) {
            for (int server = 8000; server < 8100; server++) {
                int h = FourTuple.of(endpoint("127.0.0.1", client), endpoint("127.0.0.1", server)).hash;
                buckets.add(h & (16384 - 1)); // as TupleTable picks a slot in a 16 k table
                tuples++;
            }
        }
        // random hashes fill about 1 - 1/e of 16 k buckets with 10 k keys (~7 k); colliding ones a few hundred
        assertThat(buckets.size()).isGreaterThan(tuples / 2);
    }

    private static Connection connectionOf(FourTuple ends) {
        return new Connection(ends, new Packet(0, ends.src(), ends.dst(), 0, 0, TcpSegment.SYN, 0), 0, null);
    }

    private static byte[] v4Mapped(int a, int b, int c, int d) {
        byte[] address = new byte[16];
        address[10] = (byte) 0xff;
        address[11] = (byte) 0xff;
        address[12] = (byte) a;
        address[13] = (byte) b;
        address[14] = (byte) c;
        address[15] = (byte) d;
        return address;
    }
}
