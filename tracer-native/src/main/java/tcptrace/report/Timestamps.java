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

    /** The formatted whole second last asked for: a report's timestamps mostly share their second. */
    private record Second(long epochSecond, String prefix) {
    }

    private static volatile Second lastSecond = new Second(0, "1970-01-01T00:00:00.");

    public static String iso(long epochNanos) {
        return appendIso(new StringBuilder(30), epochNanos).toString();
    }

    /** Appends {@link #iso} to {@code b}, without a String of its own. */
    static StringBuilder appendIso(StringBuilder b, long epochNanos) {
        long second = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        Second cached = lastSecond;
        if (cached.epochSecond() != second) {
            String full = ISO_NANOS.format(instant(epochNanos));
            cached = new Second(second, full.substring(0, full.length() - 10));
            lastSecond = cached;
        }
        b.append(cached.prefix());
        for (int scale = 100_000_000; scale > 1 && nanos < scale; scale /= 10) {
            b.append('0');
        }
        return b.append(nanos).append('Z');
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
