package tcptrace.source;

import java.nio.file.Files;
import java.nio.file.Path;
import tcptrace.journal.JournalException;
import tcptrace.journal.SegmentCursor;

/** What one look at a segment file found: a journal to follow, one its live writer is still starting, or a refusal. */
sealed interface SegmentLook {
    /** A complete header that matches its file's name, mapped for following. */
    record Ready(SegmentCursor cursor) implements SegmentLook {
    }

    /** Its live writer has not put the whole header down yet: look again at the next poll. */
    record Unfinished() implements SegmentLook {
    }

    /** Never a journal this tail may read; {@code why} names the file. */
    record Refused(String why) implements SegmentLook {
    }

    static SegmentLook at(Path file) {
        if (Files.isSymbolicLink(file)) {
            return new Refused(file + ": is a symbolic link; refusing it");
        }
        SegmentCursor c;
        try {
            c = SegmentCursor.open(file);
        } catch (JournalException e) {
            if (UnfinishedHeader.stillBeingWritten(file)) {
                return new Unfinished();
            }
            try {
                c = SegmentCursor.open(file); // the writer may have finished the header between the two looks
            } catch (JournalException refused) {
                return new Refused(refused.getMessage());
            }
        }
        String mismatch = UnfinishedHeader.mismatch(c.header());
        if (mismatch == null) {
            return new Ready(c);
        }
        if (UnfinishedHeader.stillBeingWritten(file)) {
            return new Unfinished();
        }
        c.close();
        return new Refused(file + ": corrupt journal header (" + mismatch + ")");
    }
}
