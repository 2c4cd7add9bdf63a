package tcptrace.source;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.source.MergedEvidenceTest.event;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.agent.event.EventKind;
import tcptrace.correlate.AppEvent;
import tcptrace.correlate.TracedJvm;
import tcptrace.journal.JournalWriter;

class JournalTailTest {
    @TempDir
    Path tmp;

    private final List<TracedJvm> jvms = new ArrayList<>();
    private final List<Boolean> alive = new ArrayList<>();
    private final List<AppEvent> events = new ArrayList<>();

    private JournalTail tail(Path dir, long since) {
        return new JournalTail(dir, -1, since, new JournalTail.Listener() {
            @Override
            public void newJvm(TracedJvm jvm, boolean isAlive) {
                jvms.add(jvm);
                alive.add(isAlive);
            }

            @Override
            public void event(AppEvent e) {
                events.add(e);
            }
        });
    }

    @Test
    void followsALiveJournalRecordByRecordAndSeesItsExit() throws Exception {
        Path dir = tmp.resolve("j");
        JournalTail tail = tail(dir, 0);
        tail.poll();
        assertThat(jvms).isEmpty();

        try (JournalWriter w = JournalWriter.open(dir, false, msg -> { })) {
            w.writeEvent(event(EventKind.CONNECT, 1000, "main"));
            tail.poll();
            assertThat(jvms).singleElement().extracting(TracedJvm::pid).isEqualTo(ProcessHandle.current().pid());
            assertThat(alive).containsExactly(true);
            assertThat(events).hasSize(1);

            w.writeEvent(event(EventKind.CLOSE, 2000, "main"));
            w.writeExit(3000);
            tail.poll();
        }

        assertThat(events).extracting(e -> e.event().kind()).containsExactly(EventKind.CONNECT, EventKind.CLOSE);
        assertThat(jvms.get(0).exitRecordNanos()).isEqualTo(3000);
        assertThat(tail.damages()).isEmpty();
    }

    @Test
    void anExitWithoutRoomForItsRecordIsOrderlyOnceDrained() throws Exception {
        TracedJvm jvm = goneAfterOneConnect(true);
        assertThat(jvm.state()).isEqualTo(TracedJvm.State.EXITED);
        assertThat(jvm.exitRecordNanos()).isZero();
    }

    @Test
    void aJvmGoneWithoutExitIsKilled() throws Exception {
        assertThat(goneAfterOneConnect(false).state()).isEqualTo(TracedJvm.State.KILLED);
    }

    /** A followed JVM that wrote one event, perhaps then an exit with no room for its record, drained and gone. */
    private TracedJvm goneAfterOneConnect(boolean exitWithoutRoom) throws Exception {
        Path dir = tmp.resolve("j");
        JournalTail tail = tail(dir, 0);
        try (JournalWriter w = JournalWriter.open(dir, false, msg -> { })) {
            w.writeEvent(event(EventKind.CONNECT, 1000, "main"));
            tail.poll();
            if (exitWithoutRoom) {
                w.close(); // every record is dropped from now on, as on a full disk
                assertThat(w.writeExit(3000)).isFalse();
            }
        }
        tail.drain(ProcessHandle.current().pid());
        TracedJvm jvm = jvms.get(0);
        jvm.gone(4000);
        return jvm;
    }

    @Test
    void followsOnlyTheGivenPid() throws Exception {
        Path dir = tmp.resolve("j");
        try (JournalWriter w = JournalWriter.open(dir, false, msg -> { })) {
            w.writeEvent(event(EventKind.CONNECT, 1000, "main"));
        }
        JournalTail other = new JournalTail(dir, ProcessHandle.current().pid() + 1, 0, new JournalTail.Listener() {
            @Override
            public void newJvm(TracedJvm jvm, boolean isAlive) {
                jvms.add(jvm);
            }

            @Override
            public void event(AppEvent e) {
                events.add(e);
            }
        });
        other.poll();
        assertThat(jvms).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void followsARotatingJournalInWritingOrderAcrossManyGenerations() throws Exception {
        Path dir = tmp.resolve("j");
        JournalTail tail = tail(dir, 0);
        long segment = tcptrace.journal.JournalFormat.HEADER_SIZE + tcptrace.journal.JournalFormat.MAX_RECORD;
        List<Long> written = new ArrayList<>();
        try (JournalWriter w = JournalWriter.open(dir, false, segment, 3, msg -> { })) {
            // enough records for more than ten generations (so that "10" must not sort before "9"), read as they come
            for (long t = 1; written.size() < 3_000; t++) {
                if (w.writeEvent(event(EventKind.OPTIONS, t, "main"))) {
                    written.add(t);
                }
                if (t % 50 == 0) {
                    tail.poll();
                }
            }
            tail.poll();
            assertThat(Files.list(dir).count()).isLessThanOrEqualTo(3);
        }
        assertThat(events).extracting(e -> e.event().epochNanos()).containsExactlyElementsOf(written);
        assertThat(tail.damages()).isEmpty();
    }
}
