package tcptrace.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityTableTest {

    @Test
    void keysAreComparedByIdentityNotEquality() {
        WeakIdentityTable<String> t = new WeakIdentityTable<>(16);
        String a = new String("fd");
        String b = new String("fd");
        assertThat(t.putIfAbsent(a, "A")).isEqualTo("A");
        assertThat(t.get(a)).isEqualTo("A");
        assertThat(t.get(b)).isNull();
        assertThat(t.putIfAbsent(a, "other")).isEqualTo("A");
    }

    @Test
    void removedKeysAreGoneAndOthersStay() {
        WeakIdentityTable<Integer> t = new WeakIdentityTable<>(10_000);
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Object k = new Object();
            keys.add(k);
            t.putIfAbsent(k, i);
        }
        for (int i = 0; i < keys.size(); i += 2) {
            t.remove(keys.get(i));
        }
        for (int i = 0; i < keys.size(); i++) {
            assertThat(t.get(keys.get(i))).isEqualTo(i % 2 == 0 ? null : i);
        }
        assertThat(t.size()).isEqualTo(1_000);
    }

    @Test
    void fullTableRefusesNewKeys() {
        WeakIdentityTable<String> t = new WeakIdentityTable<>(2);
        Object a = new Object();
        Object b = new Object();
        Object c = new Object();
        t.putIfAbsent(a, "a");
        t.putIfAbsent(b, "b");
        assertThat(t.putIfAbsent(c, "c")).isNull();
        t.remove(a);
        assertThat(t.putIfAbsent(c, "c")).isEqualTo("c");
    }

    @Test
    void unreachableKeysDoNotStayAlive() throws InterruptedException {
        WeakIdentityTable<String> t = new WeakIdentityTable<>(1_000);
        for (int i = 0; i < 100; i++) {
            t.putIfAbsent(new Object(), "leaked " + i);
        }
        Object kept = new Object();
        t.putIfAbsent(kept, "kept");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (t.size() > 1 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(t.size()).isEqualTo(1);
        assertThat(t.get(kept)).isEqualTo("kept");
    }
}
