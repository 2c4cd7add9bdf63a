package tcptrace.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
        runEach(type, variants, rounds, measure::applyAsDouble).forEach(values::put);
        return values;
    }

    /** As {@link #run}, keeping whatever each run returns. */
    static <V extends Enum<V>, T> Map<V, List<T>> runEach(Class<V> type, List<V> variants, int rounds,
                                                          Function<V, T> measure) {
        Map<V, List<T>> values = new EnumMap<>(type);
        for (V v : variants) {
            values.put(v, new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < variants.size(); i++) {
                V v = variants.get((i + round) % variants.size());
                values.get(v).add(measure.apply(v));
            }
        }
        return values;
    }
}
