package tcptrace.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Runs the variants of one measurement in rounds, A B C, then B C A, ...: on a shared, noisy machine a
 * disturbance then hits every variant alike, and each round's ratio compares runs made side by side.
 */
final class Interleaved {
    private Interleaved() {
    }

    static <V extends Enum<V>> Map<V, List<Double>> run(Class<V> type, List<V> variants, int rounds,
                                                        ToDoubleFunction<V> measure) {
        Map<V, List<Double>> values = new EnumMap<>(type);
        for (V v : variants) {
            values.put(v, new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            for (V v : rotated(variants, round)) {
                values.get(v).add(measure.applyAsDouble(v));
            }
        }
        return values;
    }

    /** The variants in the order of round {@code by}: A B C, then B C A, ... */
    static <V> List<V> rotated(List<V> variants, int by) {
        List<V> order = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            order.add(variants.get((i + by) % variants.size()));
        }
        return order;
    }
}
