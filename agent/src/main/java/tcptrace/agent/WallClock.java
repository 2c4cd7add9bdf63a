package tcptrace.agent;

import java.time.Instant;

/** Epoch nanoseconds, the clock of pcap's kernel timestamps. */
public final class WallClock {
    private WallClock() {
    }

    public static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
