package tcptrace.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tcptrace.testing.Await;

class ProcessWatchTest {
    @Test
    void noticesWhenAWatchedProcessIsKilled() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        AtomicLong seenGone = new AtomicLong();
        try (ProcessWatch watch = new ProcessWatch()) {
            watch.watch(sleeper.pid(), seenGone::set);
            assertThat(seenGone.get()).isZero();
            long killedAt = WallClock.nowNanos();
            sleeper.destroyForcibly();
            Await.until("the watch to see the process gone", Duration.ofSeconds(10), () -> seenGone.get() != 0);
            assertThat(seenGone.get()).isGreaterThanOrEqualTo(killedAt);
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void aProcessAlreadyGoneIsReportedAtOnce() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        AtomicLong seenGone = new AtomicLong();
        try (ProcessWatch watch = new ProcessWatch()) {
            watch.watch(done.pid(), seenGone::set);
            Await.until("the watch to report the gone process", Duration.ofSeconds(10), () -> seenGone.get() != 0);
        }
    }
}
