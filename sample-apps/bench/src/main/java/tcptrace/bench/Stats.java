package tcptrace.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

final class Stats {
    private Stats() {
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new BenchException("no values to take a median of");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Element-wise {@code candidate[i] / baseline[i]}: each round's ratio, taken before the median. */
    static List<Double> ratios(List<Double> candidate, List<Double> baseline) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < candidate.size(); i++) {
            ratios.add(candidate.get(i) / baseline.get(i));
        }
        return ratios;
    }

    /** Element-wise {@code candidate[i] - baseline[i]}. */
    static List<Double> differences(List<Double> candidate, List<Double> baseline) {
        List<Double> differences = new ArrayList<>();
        for (int i = 0; i < candidate.size(); i++) {
            differences.add(candidate.get(i) - baseline.get(i));
        }
        return differences;
    }
}
