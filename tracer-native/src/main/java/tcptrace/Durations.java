package tcptrace;

import java.time.Duration;
import java.util.Locale;

/** Durations written for people: "41 µs", "12 ms", "3.2 s", "15 min 25 s", "2 h 11 min". */
public final class Durations {
    private Durations() {
    }

    private static final long MICRO = 1_000L;
    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    /** Seconds with millisecond precision, as verdict records print a duration: "75.003". */
    public static StringBuilder appendSeconds(StringBuilder b, Duration d) {
        long millis = d.toMillis();
        b.append(millis / 1000).append('.');
        long fraction = millis % 1000;
        return b.append(fraction < 100 ? fraction < 10 ? "00" : "0" : "").append(fraction);
    }

    public static String seconds(Duration d) {
        return appendSeconds(new StringBuilder(12), d).toString();
    }

    public static String human(long nanos) {
        if (nanos < 0) {
            return "-" + human(-nanos);
        }
        if (nanos < MILLI) {
            return (nanos / MICRO) + " µs";
        }
        if (nanos < SECOND) {
            return (nanos / MILLI) + " ms";
        }
        if (nanos < 60 * SECOND) {
            return String.format(Locale.ROOT, "%.1f s", nanos / (double) SECOND);
        }
        long seconds = Math.round(nanos / (double) SECOND);
        if (seconds < 3600) {
            long s = seconds % 60;
            return (seconds / 60) + " min" + (s == 0 ? "" : " " + s + " s");
        }
        long minutes = seconds / 60;
        long m = minutes % 60;
        return (minutes / 60) + " h" + (m == 0 ? "" : " " + m + " min");
    }
}
