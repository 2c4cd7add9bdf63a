package tcptrace.agent.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.agent.event.SocketOptionsSnapshot;
import tcptrace.journal.JournalEntry;
import tcptrace.journal.JournalWriter;
import tcptrace.journal.JvmJournal;

/** The journal sink while the journal opens beside the application's start: nothing lost without being counted. */
class JournalSinkTest {
    private static final List<String> FRAMES = List.of("java.net.Socket.close(Socket.java:1592)",
            "demo.Client.main(Client.java:21)");

    @TempDir
    Path tmp;

    @Test
    void theFirstEventWaitsForTheOpeningAndIsWrittenNotHeld() throws Exception {
        JournalSink sink = JournalSink.opening(TimeUnit.SECONDS.toMillis(30));
        Thread sender = new Thread(() -> sink.accept(close(1)), "sender");
        sender.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sender.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(sender.getState()).isEqualTo(Thread.State.TIMED_WAITING);
        assertThat(sink.held()).isZero();
        try (JournalWriter w = openWithStart()) {
            sink.opened(w);
            sender.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(sender.isAlive()).isFalse();
            sink.shutdown(42);
            JvmJournal j = JvmJournal.read(w.currentFile());
            assertThat(j.entries()).first().isInstanceOf(JournalEntry.Start.class);
            assertThat(events(j)).containsExactly(close(1));
            assertThat(j.droppedRecords()).isZero();
        }
    }

    @Test
    void eventsBeforeTheOpeningFollowTheStartRecordInTheirOrder() throws IOException {
        JournalSink sink = JournalSink.opening(0); // past the first events' wait: held
        for (int i = 1; i <= 3; i++) {
            sink.accept(close(i));
        }
        assertThat(sink.held()).isEqualTo(3);
        try (JournalWriter w = openWithStart()) {
            sink.opened(w);
            sink.accept(close(4));
            sink.shutdown(42);
            JvmJournal j = JvmJournal.read(w.currentFile());
            assertThat(j.entries()).first().isInstanceOf(JournalEntry.Start.class);
            assertThat(events(j)).containsExactly(close(1), close(2), close(3), close(4));
            assertThat(j.droppedRecords()).isZero();
            assertThat(j.exit()).hasValueSatisfying(x -> assertThat(x.epochNanos()).isEqualTo(42));
            assertThat(sink.held()).isZero();
        }
    }

    @Test
    void eventsPastTheBoundAreCountedAsDropped() throws IOException {
        JournalSink sink = JournalSink.opening(0); // past the first events' wait: held
        int extra = 5;
        for (int i = 1; i <= JournalSink.MAX_HELD + extra; i++) {
            sink.accept(close(i));
        }
        assertThat(sink.held()).isEqualTo(JournalSink.MAX_HELD);
        try (JournalWriter w = openWithStart()) {
            sink.opened(w);
            sink.shutdown(42);
            JvmJournal j = JvmJournal.read(w.currentFile());
            List<SocketEvent> events = events(j);
            assertThat(events).hasSize(JournalSink.MAX_HELD);
            assertThat(events.get(0)).isEqualTo(close(1));
            assertThat(events.get(events.size() - 1)).isEqualTo(close(JournalSink.MAX_HELD));
            assertThat(j.droppedRecords()).isEqualTo(extra);
            assertThat(j.exit()).hasValueSatisfying(x -> assertThat(x.droppedRecords()).isEqualTo(extra));
        }
    }

    @Test
    void eventsFromManyThreadsWhileTheJournalOpensAreAllWrittenOrCounted() throws Exception {
        JournalSink sink = JournalSink.opening(0); // past the first events' wait: held
        int threads = 4;
        int perThread = 2_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            Thread s = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 1; i <= perThread; i++) {
                    sink.accept(close(base + i));
                }
            });
            s.start();
            senders.add(s);
        }
        try (JournalWriter w = openWithStart()) {
            go.countDown();
            // opened while the senders send: some events held, some written straight
            sink.opened(w);
            for (Thread s : senders) {
                s.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(s.isAlive()).isFalse();
            }
            sink.shutdown(42);
            JvmJournal j = JvmJournal.read(w.currentFile());
            assertThat(events(j).size() + j.droppedRecords()).isEqualTo((long) threads * perThread);
            assertThat(events(j)).doesNotHaveDuplicates();
        }
    }

    @Test
    void aJournalThatCannotBeOpenedDropsWhatWasHeldAndTakesNoMore() {
        JournalSink sink = JournalSink.opening(0); // past the first events' wait: held
        sink.accept(close(1));
        sink.opened(null);
        sink.accept(close(2));
        assertThat(sink.held()).isZero();
        sink.shutdown(42); // does not wait: the journal is settled
    }

    @Test
    void anOrderlyExitWaitsForTheJournalStillOpening() throws Exception {
        JournalSink sink = JournalSink.opening(0); // past the first events' wait: held
        sink.accept(close(1));
        try (JournalWriter w = openWithStart()) {
            Thread opener = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                sink.opened(w);
            });
            opener.start();
            sink.shutdown(42); // returns once the opener has handed the journal over
            JvmJournal j = JvmJournal.read(w.currentFile());
            assertThat(events(j)).containsExactly(close(1));
            assertThat(j.exit()).isPresent();
            opener.join();
        }
    }

    private JournalWriter openWithStart() throws IOException {
        Path dir = tmp.resolve("j" + System.nanoTime());
        JournalWriter w = JournalWriter.open(dir, false, line -> { });
        w.writeStart(new JournalEntry.Start(0, 5, false, "17", "demo.Client", "journal=" + dir));
        return w;
    }

    private static List<SocketEvent> events(JvmJournal j) {
        List<SocketEvent> events = new ArrayList<>();
        for (JournalEntry e : j.entries()) {
            if (e instanceof JournalEntry.Event event) {
                events.add(event.event());
            }
        }
        return events;
    }

    private static SocketEvent close(long id) {
        return new SocketEvent(EventKind.CLOSE, 1_700_000_000_123_456_789L + id, id, 1_700_000_000_000_000_000L,
                SocketApi.SOCKET, new Endpoint(new byte[] {127, 0, 0, 1}, 40000 + (int) (id % 1000)),
                new Endpoint(new byte[] {127, 0, 0, 1}, 8080), 1, "main", false, CloseActor.APP, 100, 200,
                SocketOptionsSnapshot.DEFAULTS.withLinger(0), null, FRAMES);
    }
}
