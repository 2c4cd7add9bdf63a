package tcptrace.report;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A bounded, uniform sample (reservoir sampling) of idle times with the time of each close: the median and the
 * chart come from it once a peer has closed more connections than it holds. Its random source is seeded, so one
 * input gives one report.
 */
final class IdleSample {
    private final long[] idleMillis;
    private final long[] timeNanos;
    private final SplittableRandom random = new SplittableRandom(18);
    private int size;
    private long seen;

    IdleSample(int capacity) {
        idleMillis = new long[capacity];
        timeNanos = new long[capacity];
    }

    void add(long idle, long time) {
        seen++;
        if (size < idleMillis.length) {
            idleMillis[size] = idle;
            timeNanos[size] = time;
            size++;
            return;
        }
        long slot = random.nextLong(seen);
        if (slot < idleMillis.length) {
            idleMillis[(int) slot] = idle;
            timeNanos[(int) slot] = time;
        }
    }

    int size() {
        return size;
    }

    /** Whether more were added than it holds: the median and the chart are then of a sample. */
    boolean capped() {
        return seen > size;
    }

    long medianMillis() {
        long[] sorted = Arrays.copyOf(idleMillis, size);
        Arrays.sort(sorted);
        return size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2;
    }

    long idleMillis(int i) {
        return idleMillis[i];
    }

    long timeNanos(int i) {
        return timeNanos[i];
    }
}
