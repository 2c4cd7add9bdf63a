package tcptrace.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.correlate.TracedJvm;
import tcptrace.InputException;
import tcptrace.correlate.AppEvent;
import tcptrace.journal.JournalFormat;
import tcptrace.journal.JournalWriter;
import tcptrace.testing.Journals;

class MergedEvidenceTest {
    @TempDir
    Path tmp;

    static SocketEvent event(EventKind kind, long nanos, String thread) throws Exception {
        Endpoint local = Endpoint.of(InetAddress.getByName("127.0.0.1"), 40000);
        Endpoint remote = Endpoint.of(InetAddress.getByName("127.0.0.1"), 8080);
        return new SocketEvent(kind, nanos, 1, 1000, SocketApi.SOCKET, local, remote, 1, thread, false,
                kind == EventKind.CLOSE ? CloseActor.APP : CloseActor.NONE, 0, 0, null, null,
                kind.hasStack() ? List.of("demo.Client.main(Client.java:21)") : List.of());
    }

    /** Everything the stream hands out, and what it says after. */
    static AppEvidence drain(List<Path> journals) throws InputException {
        try (MergedEvidence m = MergedEvidence.open(journals, List.of())) {
            List<TracedJvm> jvms = m.jvms();
            List<AppEvent> events = new ArrayList<>();
            while (m.nextNanos() != Long.MAX_VALUE) {
                events.add(m.next());
            }
            return new AppEvidence(jvms, events, m.damages(), m.notes());
        }
    }

    @Test
    void readsEventsAndTheOrderlyExit() throws Exception {
        Path dir = tmp.resolve("j");
        Path file = Journals.write(dir, List.of(event(EventKind.CONNECT, 1000, "main"),
                event(EventKind.CLOSE, 2000, "main")), 3000);

        AppEvidence ev = drain(List.of(file));

        assertThat(ev.events()).extracting(e -> e.event().kind()).containsExactly(EventKind.CONNECT, EventKind.CLOSE);
        assertThat(ev.jvms()).singleElement().satisfies(j -> {
            assertThat(j.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(j.exitRecordNanos()).isEqualTo(3000);
            assertThat(j.state()).isEqualTo(TracedJvm.State.EXITED);
        });
        assertThat(ev.damages()).isEmpty();
    }

    @Test
    void anExitWhoseRecordFoundNoRoomIsAnOrderlyExitAtAnUnknownTime() throws Exception {
        Path dir = tmp.resolve("j");
        Path file;
        try (JournalWriter w = JournalWriter.open(dir, false, msg -> { })) {
            w.writeEvent(event(EventKind.CONNECT, 1000, "main"));
            file = w.currentFile();
            w.close(); // every record is dropped from now on, as on a full disk
            w.writeExit(3000);
        }

        AppEvidence ev = drain(List.of(file));

        assertThat(ev.jvms()).singleElement().satisfies(j -> {
            assertThat(j.state()).isEqualTo(TracedJvm.State.EXITED);
            assertThat(j.exitRecordNanos()).isZero();
        });
    }

    @Test
    void recordsTheAgentDroppedAreDamageNotANote() throws Exception {
        Path dir = tmp.resolve("j");
        Path file;
        try (JournalWriter w = JournalWriter.open(dir, false, msg -> { })) {
            w.writeEvent(event(EventKind.CONNECT, 1000, "main"));
            file = w.currentFile();
            w.close(); // every record is dropped from now on, as in a full journal
            w.writeEvent(event(EventKind.CLOSE, 2000, "main"));
        }

        AppEvidence ev = drain(List.of(file));

        assertThat(ev.damages()).singleElement().asString().startsWith(file.toString())
                .contains("dropped 1 records (journal full)");
        assertThat(ev.notes()).noneMatch(n -> n.contains("dropped"));
    }

    @Test
    void damagedJournalGivesWhatIsCompleteAndSaysWhere() throws Exception {
        Path dir = tmp.resolve("j");
        Path file = Journals.write(dir, List.of(event(EventKind.CONNECT, 1000, "main"),
                event(EventKind.EOF, 1500, "reader"), event(EventKind.CLOSE, 2000, "main")), 0);
        long offset = Journals.damageRecord(file, 1);

        AppEvidence ev = drain(List.of(file));

        assertThat(ev.events()).extracting(e -> e.event().kind()).containsExactly(EventKind.CONNECT, EventKind.CLOSE);
        assertThat(ev.damages()).singleElement().asString().contains(file.toString()).contains("offset " + offset)
                .contains("CRC32C");
    }

    @Test
    void journalOfAnotherBootSaysSoAndItsJvmIsGone() throws Exception {
        Path file = Journals.write(tmp.resolve("j"), List.of(event(EventKind.CONNECT, 1000, "main")), 0);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[16]), JournalFormat.H_BOOT_ID); // boot id of no boot of this machine
        }

        AppEvidence ev = drain(List.of(file));

        assertThat(ev.notes()).anySatisfy(n -> assertThat(n).contains("written during an earlier boot"));
        assertThat(ev.jvms()).singleElement().extracting(TracedJvm::state).isEqualTo(TracedJvm.State.KILLED);
    }

    @Test
    void aFileThatIsNoJournalIsAnError() throws Exception {
        Path junk = Files.writeString(tmp.resolve("123.journal"), "not a journal at all");
        assertThatThrownBy(() -> drain(List.of(junk))).isInstanceOf(InputException.class)
                .hasMessageContaining("not a tcptrace journal");
    }
}
