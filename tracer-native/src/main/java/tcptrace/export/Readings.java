package tcptrace.export;

import java.util.function.LongSupplier;

/**
 * The values the exporters publish, from one snapshot of the session: a scrape or an OTLP collection reads every
 * metric at once, and the snapshot walks the open connections, so it is taken at most once per {@link #FRESH_NANOS}.
 */
final class Readings {
    static final long FRESH_NANOS = 200_000_000L;

    private final SessionCounters session;
    private final LongSupplier exportDropped;
    private SessionCounts last;
    private long takenAt;

    Readings(SessionCounters session, LongSupplier exportDropped) {
        this.session = session;
        this.exportDropped = exportDropped;
    }

    synchronized long value(SessionMetric m) {
        long now = System.nanoTime();
        if (last == null || now - takenAt > FRESH_NANOS) {
            last = session.counts();
            takenAt = now;
        }
        return m.read(last, exportDropped.getAsLong());
    }
}
