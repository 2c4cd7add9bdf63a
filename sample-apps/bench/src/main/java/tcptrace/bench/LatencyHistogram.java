package tcptrace.bench;

/**
 * Latencies in 1 ms buckets: a live run can print millions of verdicts, and keeping each would cost the runner, on
 * the same CPUs as the measured processes, more memory and time than a percentile at 1 ms needs.
 */
final class LatencyHistogram {
    private static final int BUCKETS = 600_000; // 10 minutes; later ones land in the last bucket, the max stays exact

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long maxNanos;

    void add(long nanos) {
        long clamped = Math.max(0, nanos); // the read came before the packet's time only by clock granularity
        counts[(int) Math.min(BUCKETS - 1, clamped / 1_000_000)]++;
        total++;
        maxNanos = Math.max(maxNanos, clamped);
    }

    long total() {
        return total;
    }

    double maxMillis() {
        return maxNanos / 1e6;
    }

    /** The upper edge of the bucket holding the quantile {@code q} (0..1). */
    double quantileMillis(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                return i + 1;
            }
        }
        return maxMillis();
    }

    /** The share at or under {@code millis} (a whole number of milliseconds). */
    double shareWithin(long millis) {
        if (total == 0) {
            return Double.NaN;
        }
        long within = 0;
        for (int i = 0; i < Math.min(BUCKETS, millis); i++) {
            within += counts[i];
        }
        return within / (double) total;
    }
}
