package tcptrace.source;

import static tcptrace.journal.JournalFormat.H_CAPACITY;
import static tcptrace.journal.JournalFormat.H_FLAGS;
import static tcptrace.journal.JournalFormat.H_HEADER_SIZE;
import static tcptrace.journal.JournalFormat.H_MAGIC;
import static tcptrace.journal.JournalFormat.H_VERSION;
import static tcptrace.journal.JournalFormat.MAGIC;
import static tcptrace.journal.JournalFormat.ORDER;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import tcptrace.journal.JournalFormat;

/**
 * Tells a journal whose header its writer is still putting down from one that is refused for good. The writer
 * creates a segment zero-filled, then writes the header's fields in place: until it is done, some of them read 0.
 * Only a writer that is still alive can finish it, so a header with unwritten fields whose pid is gone is refused.
 */
final class UnfinishedHeader {
    private UnfinishedHeader() {
    }

    /** Whether {@code file}, which did not read as a journal, may still become one. */
    static boolean stillBeingWritten(Path file) {
        long pid = JournalFormat.pidOf(file);
        return pid >= 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && hasUnwrittenFields(file);
    }

    private static boolean hasUnwrittenFields(Path file) {
        ByteBuffer b = ByteBuffer.allocate(H_FLAGS + 4).order(ORDER);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // fill
            }
        } catch (IOException e) {
            return false; // unreadable is not unfinished
        }
        if (b.position() < b.capacity()) {
            return true; // the writer is still zero-filling the file
        }
        boolean magicUnwritten = true;
        for (int i = 0; i < MAGIC.length; i++) {
            magicUnwritten &= b.get(H_MAGIC + i) == 0;
        }
        return magicUnwritten || b.getInt(H_VERSION) == 0 || b.getInt(H_HEADER_SIZE) == 0 || b.getLong(H_CAPACITY) == 0;
    }
}
