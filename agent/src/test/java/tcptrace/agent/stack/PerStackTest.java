package tcptrace.agent.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PerStackTest {
    private final AtomicInteger made = new AtomicInteger();
    private final PerStack<String> texts = new PerStack<>(frames -> {
        made.incrementAndGet();
        return String.join("\n", frames);
    });

    @Test
    void aStackSeenBeforeIsNotMadeAgain() {
        List<String> frames = List.of("a.A.close(A.java:1)", "a.A.run(A.java:2)");

        assertThat(texts.of(frames)).isEqualTo("a.A.close(A.java:1)\na.A.run(A.java:2)");
        assertThat(texts.of(frames)).isEqualTo("a.A.close(A.java:1)\na.A.run(A.java:2)");

        assertThat(made).hasValue(1);
    }

    @Test
    void listsAreToldApartByIdentityNotByTheirFrames() {
        texts.of(List.of("a.A.close(A.java:1)"));
        texts.of(List.of("a.A.close(A.java:1)"));

        assertThat(made).hasValue(2);
    }

    /** More stacks than slots: each lookup still gives its own list's value, whatever was displaced. */
    @Test
    void everyLookupGivesItsOwnStacksValue() {
        List<List<String>> stacks = new ArrayList<>();
        IntStream.range(0, 5_000).forEach(i -> stacks.add(List.of("f" + i, "g" + i)));

        for (int round = 0; round < 3; round++) {
            for (int i = round; i < stacks.size(); i += 7) {
                assertThat(texts.of(stacks.get(i))).isEqualTo("f" + i + "\ng" + i);
            }
        }
    }
}
