package tcptrace.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Throughput of several variants measured in turns within one round: each variant's JVM is started and warmed
 * once, then they take short slices in rotating order (A B C, B C A, ...) while the others stand still. On a
 * shared machine the CPUs' speed drifts over seconds; slices a fraction of a second apart meet the same drift, so
 * each pair of neighbouring slices gives a ratio, and a round's ratio is the median of its pairs. Every round starts
 * fresh JVMs, so that one JVM's lucky or unlucky compilation does not decide the figure.
 */
final class Alternation {
    /** What one slice of one variant did: work units (connections, bytes) in that wall and CPU time. */
    record Slice(long units, long wallNanos, long cpuNanos) {
        double perSecond() {
            return units * 1e9 / wallNanos;
        }

        double perCpuSecond() {
            return units * 1e9 / cpuNanos;
        }
    }

    /** One variant's running workload. */
    interface SliceSource extends AutoCloseable {
        Slice slice(Duration length);

        @Override
        void close();
    }

    private Alternation() {
    }

    /**
     * The measured slices, per variant and round ({@code [round][slice]}). {@code warmupSlices} turns are taken and
     * dropped first, so that the first measured turn finds every JVM as settled as the last.
     */
    static <V extends Enum<V>> Map<V, List<List<Slice>>> run(Class<V> type, List<V> variants, int rounds,
                                                             int warmupSlices, int slices, Duration length,
                                                             Function<V, SliceSource> start) {
        Map<V, List<List<Slice>>> measured = new EnumMap<>(type);
        for (V v : variants) {
            measured.put(v, new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            Map<V, SliceSource> sources = new EnumMap<>(type);
            try {
                for (V v : Interleaved.rotated(variants, round)) {
                    sources.put(v, start.apply(v));
                    measured.get(v).add(new ArrayList<>());
                }
                for (int turn = 0; turn < warmupSlices + slices; turn++) {
                    for (V v : Interleaved.rotated(variants, round + turn)) {
                        Slice s = sources.get(v).slice(length);
                        if (turn >= warmupSlices) {
                            measured.get(v).get(round).add(s);
                        }
                    }
                }
            } finally {
                sources.values().forEach(SliceSource::close);
            }
        }
        return measured;
    }

    /**
     * Per round, the median over its turns of {@code candidate / baseline}, each turn's two slices taken side by
     * side.
     */
    static List<Double> roundRatios(List<List<Slice>> candidate, List<List<Slice>> baseline,
                                    ToDoubleFunction<Slice> metric) {
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < candidate.size(); round++) {
            ratios.add(Stats.median(Stats.ratios(values(candidate.get(round), metric),
                    values(baseline.get(round), metric))));
        }
        return ratios;
    }

    /** Every slice's {@code metric}, all rounds together. */
    static List<Double> all(List<List<Slice>> rounds, ToDoubleFunction<Slice> metric) {
        List<Double> values = new ArrayList<>();
        rounds.forEach(r -> values.addAll(values(r, metric)));
        return values;
    }

    private static List<Double> values(List<Slice> slices, ToDoubleFunction<Slice> metric) {
        return slices.stream().map(metric::applyAsDouble).toList();
    }
}
