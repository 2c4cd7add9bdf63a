package tcptrace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** The queue against a PriorityQueue model: the same items come out, in the same order. */
class ArrivalOrderedQueueProperties {
    /** A time, and the arrival number that breaks ties, as the correlator's queues order their items. */
    record Item(long time, long arrival) {
    }

    private static final Comparator<Item> ORDER = Comparator.comparingLong(Item::time)
            .thenComparingLong(Item::arrival);

    /** Steps: positive moves time on and adds, small negative adds an item a little in the past, 0 polls. */
    @Provide
    Arbitrary<List<Integer>> steps() {
        return Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.integers().between(1, 100)),
                        Tuple.of(2, Arbitraries.integers().between(-300, -1)),
                        Tuple.of(3, Arbitraries.just(0)))
                .list().ofMaxSize(300);
    }

    @Property(tries = 300)
    void pollsInTheOrderOfAHeap(@ForAll("steps") List<Integer> steps) {
        ArrivalOrderedQueue<Item> queue = new ArrivalOrderedQueue<>(ORDER);
        PriorityQueue<Item> model = new PriorityQueue<>(ORDER);
        long now = 0;
        long arrivals = 0;
        for (int step : steps) {
            if (step == 0) {
                assertThat(queue.peek()).isEqualTo(model.peek());
                assertThat(queue.poll()).isEqualTo(model.poll());
            } else {
                now += Math.max(step, 0);
                Item item = new Item(now + Math.min(step, 0), arrivals++);
                queue.add(item);
                model.add(item);
            }
            assertThat(queue.isEmpty()).isEqualTo(model.isEmpty());
        }
        while (!model.isEmpty()) {
            assertThat(queue.poll()).isEqualTo(model.poll());
        }
        assertThat(queue.poll()).isNull();
    }
}
