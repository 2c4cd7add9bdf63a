package tcptrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.correlate.Conversation.endpoint;

import java.util.ArrayDeque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tcptrace.agent.event.Endpoint;
import tcptrace.capture.TcpSegment;

/** The two-array ring against a deque of pairs: the same pairs come out, in the same order, across its growth. */
class EndedQueueProperties {
    private static final Endpoint CLIENT = endpoint("10.1.0.1", 40000);
    private static final Endpoint SERVER = endpoint("10.0.0.1", 8080);

    private record Pair(Connection connection, long nanos) {
    }

    /** Adds (true) and polls (false), more adds than polls, so that the ring wraps and grows past its first size. */
    @Provide
    Arbitrary<List<Boolean>> runs() {
        return Arbitraries.integers().between(0, 9).map(i -> i < 6).list().ofMaxSize(500);
    }

    @Property(tries = 300)
    void givesBackWhatADequeGivesBack(@ForAll("runs") List<Boolean> run) {
        EndedQueue queue = new EndedQueue();
        ArrayDeque<Pair> model = new ArrayDeque<>();
        long time = 0;
        for (boolean add : run) {
            if (add) {
                Connection c = connection(time);
                queue.addLast(c, time);
                model.addLast(new Pair(c, time));
                time += 7;
            } else if (!model.isEmpty()) {
                assertThat(queue.firstTime()).isEqualTo(model.peekFirst().nanos());
                assertThat(queue.pollFirst()).isSameAs(model.pollFirst().connection());
            }
            assertThat(queue.isEmpty()).isEqualTo(model.isEmpty());
        }
        while (!model.isEmpty()) {
            Pair expected = model.pollFirst();
            assertThat(queue.firstTime()).isEqualTo(expected.nanos());
            assertThat(queue.pollFirst()).isSameAs(expected.connection());
        }
        assertThat(queue.isEmpty()).isTrue();
    }

    private static Connection connection(long time) {
        FourTuple tuple = FourTuple.of(CLIENT, SERVER);
        return new Connection(tuple, new Packet(time, CLIENT, SERVER, time, 0, TcpSegment.SYN, 0), 0, null);
    }
}
