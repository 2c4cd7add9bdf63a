package tcptrace.os;

import java.time.Instant;

/** Epoch nanoseconds now: the clock of pcap timestamps and of the agent's events. */
public final class WallClock {
    private WallClock() {
    }

    public static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
