package tcptrace.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExportQueueTest {
    @Test
    void fullQueueDropsTheNewestAndCountsIt() {
        ExportQueue<String> q = new ExportQueue<>(2);

        assertThat(q.offer("a")).isTrue();
        assertThat(q.offer("b")).isTrue();
        assertThat(q.offer("c")).isFalse();

        assertThat(q.size()).isEqualTo(2);
        assertThat(q.offered()).isEqualTo(3);
        assertThat(q.dropped()).isEqualTo(1);
    }

    @Test
    void aBatchStaysQueuedUntilDelivered() throws InterruptedException {
        ExportQueue<String> q = new ExportQueue<>(10);
        q.offer("a");
        q.offer("b");
        q.offer("c");

        assertThat(q.peek(2, 0)).containsExactly("a", "b");
        assertThat(q.peek(2, 0)).as("a failed send leaves the batch where it was").containsExactly("a", "b");

        q.delivered(2);

        assertThat(q.peek(2, 0)).containsExactly("c");
        assertThat(q.delivered()).isEqualTo(2);
    }

    @Test
    void roomFreedByDeliveryTakesNewItemsAgain() {
        ExportQueue<String> q = new ExportQueue<>(1);
        q.offer("a");
        assertThat(q.offer("b")).isFalse();

        q.delivered(1);

        assertThat(q.offer("c")).isTrue();
        assertThat(q.dropped()).isEqualTo(1);
    }

    @Test
    void aRecordThatCouldNotBeMadeCountsAsDropped() {
        ExportQueue<String> q = new ExportQueue<>(1);

        q.discard();

        assertThat(q.dropped()).isEqualTo(1);
        assertThat(q.size()).isZero();
    }
}
