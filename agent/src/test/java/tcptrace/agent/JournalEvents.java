package tcptrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;
import tcptrace.journal.JournalEntry;
import tcptrace.journal.JournalException;
import tcptrace.journal.JvmJournal;

/** What the reliability tests read back from a child's journal directory. */
final class JournalEvents {
    private JournalEvents() {
    }

    static JvmJournal only(Path dir) throws JournalException {
        List<JvmJournal> all = JvmJournal.list(dir);
        assertThat(all).as("journals in " + dir).hasSize(1);
        return all.get(0);
    }

    static List<SocketEvent> events(JvmJournal journal) {
        List<SocketEvent> out = new ArrayList<>();
        for (JournalEntry e : journal.entries()) {
            if (e instanceof JournalEntry.Event ev) {
                out.add(ev.event());
            }
        }
        return out;
    }

    static List<SocketEvent> closes(JvmJournal journal, Predicate<SocketEvent> which) {
        return events(journal).stream().filter(e -> e.kind() == EventKind.CLOSE).filter(which).toList();
    }

    /** Connection ids with more than one CLOSE: a duplicated close event. */
    static List<Long> closedTwice(JvmJournal journal) {
        Map<Long, Long> perId = closes(journal, e -> true).stream()
                .collect(Collectors.groupingBy(SocketEvent::connectionId, Collectors.counting()));
        return perId.entrySet().stream().filter(en -> en.getValue() > 1).map(Map.Entry::getKey).toList();
    }

    /** Bytes the journal takes on disk. */
    static long diskBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long sum = 0;
            for (Path f : (Iterable<Path>) files::iterator) {
                sum += Files.size(f);
            }
            return sum;
        }
    }
}
