package tcptrace.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one run of the suite uses: the jar under test, the workloads' class path, scratch space, and how long and
 * how often each measurement runs ({@code quick} is the smoke run).
 *
 * @param profileDir        where the JFR recordings of missed targets are kept for a closer look
 * @param workloadClasspath only the workload classes, so that the agent in the jar is the only copy a child sees
 * @param nettyClasspath    the jars of netty-all, for the start-up rows of a Netty service; null: those rows are
 *                          left out
 */
record Settings(boolean quick, Path tcptraceJar, String workloadClasspath, String runnerClasspath, Path workDir,
                Path profileDir, List<Jdk> jdks, Path output, String nettyClasspath) {

    int rounds() {
        return quick ? 3 : 5;
    }

    /** Rounds of an {@link Alternation}: each starts fresh JVMs, whose compilation differs from run to run. */
    int alternationRounds() {
        return quick ? 3 : 8;
    }

    int startupRounds() {
        return quick ? 5 : 15;
    }

    /** Measured slices per round of an {@link Alternation}, and their length. */
    int slicesPerRound() {
        return quick ? 4 : 8;
    }

    Duration slice() {
        return Duration.ofMillis(quick ? 200 : 250);
    }

    /**
     * Rounds of the churn alternation: each JVM of each round warms for {@link #churnWarmupSeconds()}, so that the
     * steady state is measured, and fewer rounds pay for that.
     */
    int churnRounds() {
        return quick ? 2 : 3;
    }

    /** How long a churn JVM works before its first measured slice; its warm-up curve is taken meanwhile. */
    double churnWarmupSeconds() {
        return quick ? 4 : 10;
    }

    double warmupSeconds() {
        return quick ? 1 : 1.5;
    }

    double measureSeconds() {
        return quick ? 1.5 : 3;
    }

    long tracerConnections() {
        return quick ? 30_000 : 200_000;
    }

    long memoryConnections() {
        return quick ? 100_000 : 1_000_000;
    }

    int heldConnections() {
        return quick ? 2_000 : 10_000;
    }

    double holdSeconds() {
        return quick ? 2 : 15;
    }

    double liveSeconds() {
        return quick ? 3 : 8;
    }

    /**
     * How long the capture runs beside the traced churn: long enough to see its memory settle and grow, if it does,
     * short of the ten minutes a soak would take, which the suite's half hour cannot spare.
     */
    double liveChurnSeconds() {
        return quick ? 20 : 120;
    }

    Jdk primaryJdk() {
        return jdks.get(0);
    }
}
