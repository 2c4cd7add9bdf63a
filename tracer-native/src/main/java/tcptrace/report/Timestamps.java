package tcptrace.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Epoch nanoseconds as ISO-8601 UTC with all nine fraction digits: 2026-11-28T10:00:00.123456789Z. */
public final class Timestamps {
    private Timestamps() {
    }

    private static final DateTimeFormatter ISO_NANOS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    public static String iso(long epochNanos) {
        return ISO_NANOS.format(instant(epochNanos));
    }

    /** Time of day (UTC) with microseconds, for the text table. */
    public static String clock(long epochNanos) {
        return CLOCK.format(instant(epochNanos));
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L));
    }
}
