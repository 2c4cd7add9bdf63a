package tcptrace.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tcptrace.agent.event.Endpoint;
import tcptrace.correlate.Verdict;

/**
 * One remote endpoint's idle closes (its FINs after the connection sat idle) and the stale reuses it answered with
 * a RST, as counts, extremes and bounded samples.
 */
final class IdlePeer {
    static final int SAMPLE = 512;
    static final int REUSES_SHOWN = 5;

    private final Endpoint endpoint;
    private final IdleSample sample = new IdleSample(SAMPLE);
    private final List<Verdict> reusesShown = new ArrayList<>();
    private final Set<PoolLibrary> libraries = EnumSet.noneOf(PoolLibrary.class);
    private long idleCloses;
    private long minIdleMillis = Long.MAX_VALUE;
    private long maxIdleMillis;
    private long reuses;

    IdlePeer(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    void idleClose(Verdict fin) {
        long idle = fin.idle().toMillis();
        idleCloses++;
        minIdleMillis = Math.min(minIdleMillis, idle);
        maxIdleMillis = Math.max(maxIdleMillis, idle);
        sample.add(idle, fin.timeNanos());
    }

    void staleReuse(Verdict rst) {
        reuses++;
        libraries.add(PoolLibrary.of(rst.stack()));
        if (reusesShown.size() < REUSES_SHOWN) {
            reusesShown.add(rst.withoutEvidence());
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    long idleCloses() {
        return idleCloses;
    }

    Duration minIdle() {
        return idleCloses == 0 ? null : Duration.ofMillis(minIdleMillis);
    }

    Duration maxIdle() {
        return idleCloses == 0 ? null : Duration.ofMillis(maxIdleMillis);
    }

    Duration medianIdle() {
        return idleCloses == 0 ? null : Duration.ofMillis(sample.medianMillis());
    }

    IdleSample sample() {
        return sample;
    }

    long reuses() {
        return reuses;
    }

    /** The first {@link #REUSES_SHOWN} stale reuses, without their evidence. */
    List<Verdict> reusesShown() {
        return reusesShown;
    }

    /** One sentence per pool library that the stale reuses went through. */
    List<String> advice() {
        List<String> out = new ArrayList<>();
        for (PoolLibrary library : libraries) {
            out.add(library.advice(minIdle()));
        }
        return out;
    }
}
