package tcptrace.bench;

import tcptrace.journal.JournalEntry;
import tcptrace.journal.JournalException;
import tcptrace.journal.JvmJournal;

import java.nio.file.Path;
import java.util.List;

/**
 * How many journal bytes an event takes: the distance from each event record to the record after it in the same
 * segment (record header, CRC and payload together), averaged.
 */
record JournalFootprint(long events, double bytesPerEvent) {

    static JournalFootprint of(Path journalDir) {
        List<JvmJournal> journals;
        try {
            journals = JvmJournal.list(journalDir);
        } catch (JournalException e) {
            throw new BenchException("cannot read the journal in " + journalDir + ": " + e.getMessage());
        }
        long events = 0;
        long spans = 0;
        long spanBytes = 0;
        for (JvmJournal journal : journals) {
            List<JournalEntry> entries = journal.entries();
            for (int i = 0; i < entries.size(); i++) {
                if (!(entries.get(i) instanceof JournalEntry.Event)) {
                    continue;
                }
                events++;
                if (i + 1 < entries.size() && entries.get(i + 1).offset() > entries.get(i).offset()) {
                    spans++;
                    spanBytes += entries.get(i + 1).offset() - entries.get(i).offset();
                }
            }
        }
        if (spans == 0) {
            throw new BenchException("the journal in " + journalDir + " holds no events");
        }
        return new JournalFootprint(events, (double) spanBytes / spans);
    }
}
