package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.Endpoint;

class FourTupleTest {
    @Test
    void bothDirectionsAreOneKey() {
        FourTuple there = new FourTuple(endpoint("10.9.0.1", 40000), endpoint("10.9.0.2", 8080));
        FourTuple back = new FourTuple(endpoint("10.9.0.2", 8080), endpoint("10.9.0.1", 40000));

        assertThat(back).isEqualTo(there).hasSameHashCodeAs(there);
    }

    @Test
    void endsThatOnlyShareAddressesAreDifferentKeys() {
        FourTuple a = new FourTuple(endpoint("127.0.0.1", 40001), endpoint("127.0.0.1", 8080));

        assertThat(new FourTuple(endpoint("127.0.0.1", 40001), endpoint("127.0.0.1", 8081))).isNotEqualTo(a);
        assertThat(new FourTuple(endpoint("127.0.0.1", 40000), endpoint("127.0.0.1", 8080))).isNotEqualTo(a);
    }

    @Test
    void anIpv4EndIsNotTheIpv6EndWithTheSameLowBytes() {
        Endpoint v4 = endpoint("10.1.2.3", 80);
        Endpoint v6 = endpoint("::a01:203", 80);

        assertThat(new FourTuple(v4, v4)).isNotEqualTo(new FourTuple(v6, v6));
    }

    /** Hosts of one subnet, ports of one range: Endpoint's own hash collides often on such ends, this one must not. */
    @Test
    void subnetTuplesSpreadOverBuckets() {
        int tuples = 0;
        Set<Integer> buckets = new HashSet<>();
        for (int host = 0; host < 100; host++) {
            for (int port = 40000; port < 40100; port++) {
                int h = new FourTuple(endpoint("10.1.0." + host, port), endpoint("10.0.0.1", 8080)).hashCode();
                buckets.add((h ^ h >>> 16) & (16384 - 1));
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
                int h = new FourTuple(endpoint("127.0.0.1", client), endpoint("127.0.0.1", server)).hashCode();
                buckets.add((h ^ h >>> 16) & (16384 - 1)); // as HashMap picks a bucket in a 16 k table
                tuples++;
            }
        }
        // random hashes fill about 1 - 1/e of 16 k buckets with 10 k keys (~7 k); colliding ones a few hundred
        assertThat(buckets.size()).isGreaterThan(tuples / 2);
    }
}
