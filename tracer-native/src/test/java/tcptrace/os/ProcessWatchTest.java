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
            AtomicLong seenAlive = new AtomicLong();
            watch.watch(sleeper.pid(), (alive, gone) -> {
                seenAlive.set(alive);
                seenGone.set(gone);
            });
            long lookedAt = WallClock.nowNanos();
            watch.sweep(); // a look that finds it alive
            assertThat(seenGone.get()).isZero();
            long killedAt = WallClock.nowNanos();
            sleeper.destroyForcibly();
            Await.until("the watch to see the process gone", Duration.ofSeconds(10), () -> seenGone.get() != 0);
            assertThat(seenGone.get()).isGreaterThanOrEqualTo(killedAt);
            assertThat(seenAlive.get()).as("the death lies between the last look alive and the notice")
                    .isBetween(lookedAt, killedAt);
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
            watch.watch(done.pid(), (alive, gone) -> seenGone.set(gone));
            Await.until("the watch to report the gone process", Duration.ofSeconds(10), () -> seenGone.get() != 0);
        }
    }

    @Test
    void aZombieCountsAsGoneItsSocketsAreClosedAlready() throws Exception {
        // bash forks a short sleep, then becomes a long sleep that never reaps it: the short one stays a zombie
        Process parent = new ProcessBuilder("bash", "-c", "sleep 0.05 & exec sleep 30").start();
        try {
            Await.until("the short sleep to be forked", Duration.ofSeconds(10),
                    () -> parent.children().findAny().isPresent());
            long zombie = parent.children().findAny().orElseThrow().pid();
            Await.until("it to become a zombie", Duration.ofSeconds(10), () -> !ProcessWatch.running(zombie));
            assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/proc", Long.toString(zombie)))).isTrue();
            assertThat(ProcessWatch.running(parent.pid())).isTrue();
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void sweepReportsAnEndFromTheCallersThreadOnce() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        AtomicLong calls = new AtomicLong();
        try (ProcessWatch watch = new ProcessWatch()) {
            watch.watch(sleeper.pid(), (alive, gone) -> calls.incrementAndGet());
            watch.sweep();
            assertThat(calls.get()).isZero();
            sleeper.destroyForcibly().waitFor();
            watch.sweep();
            assertThat(calls.get()).isEqualTo(1);
            watch.sweep();
            assertThat(calls.get()).isEqualTo(1);
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
