package tcptrace.source;

import static tcptrace.journal.JournalFormat.H_BOOT_ID;
import static tcptrace.journal.JournalFormat.H_CAPACITY;
import static tcptrace.journal.JournalFormat.H_FLAGS;
import static tcptrace.journal.JournalFormat.H_GENERATION;
import static tcptrace.journal.JournalFormat.H_HEADER_SIZE;
import static tcptrace.journal.JournalFormat.H_JVM_START_MILLIS;
import static tcptrace.journal.JournalFormat.H_MAGIC;
import static tcptrace.journal.JournalFormat.H_PID;
import static tcptrace.journal.JournalFormat.H_UID;
import static tcptrace.journal.JournalFormat.H_VERSION;
import static tcptrace.journal.JournalFormat.MAGIC;
import static tcptrace.journal.JournalFormat.ORDER;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import tcptrace.journal.JournalFormat;
import tcptrace.journal.SegmentHeader;

/**
 * Tells a journal whose header its writer is still putting down from one that is refused for good. The agent makes a
 * segment under a temporary name and gives it its own only with the header complete, but an agent of an earlier
 * build creates it zero-filled under its own name, then stores the header's fields one by one (magic first, flags
 * last): until it is done, some of them read 0, and a reader that takes the header as it reads then may see a
 * generation 0 in the standby segment or no pid at all. Only the live writer that owns the file can finish it, so a
 * header with unwritten fields whose writer is gone, or that someone else owns, is refused.
 */
final class UnfinishedHeader {
    private UnfinishedHeader() {
    }

    /** Whether {@code file}, which did not read as a complete journal header, may still become one. */
    static boolean stillBeingWritten(Path file) {
        long pid = JournalFormat.pidOf(file);
        if (pid < 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        Integer writer = uid(Path.of("/proc", Long.toString(pid)));
        Integer owner = uid(file);
        return writer != null && writer.equals(owner) && hasUnwrittenFields(file, owner);
    }

    /**
     * What in a header that reads as a journal's does not match its file, or null when it all does: the writer puts
     * its pid and the generation in both, and a JVM start and boot id in every header.
     */
    static String mismatch(SegmentHeader h) {
        long pid = JournalFormat.pidOf(h.file());
        long generation = generationOf(h.file());
        if (h.pid() != pid) {
            return "pid " + h.pid() + " in a file named for pid " + pid;
        }
        if (h.generation() != generation) {
            return "generation " + h.generation() + " in a file named for generation " + generation;
        }
        if (h.jvmStartMillis() == 0) {
            return "no JVM start time";
        }
        if (h.bootId().getMostSignificantBits() == 0 && h.bootId().getLeastSignificantBits() == 0) {
            return "no boot id";
        }
        return null;
    }

    /** The generation a current segment's name gives: {@code <pid>.journal} is 0, {@code <pid>.<gen>.journal}. */
    static long generationOf(Path file) {
        String[] parts = file.getFileName().toString().split("\\.");
        return parts.length == 3 ? Long.parseLong(parts[1]) : 0;
    }

    private static boolean hasUnwrittenFields(Path file, int owner) {
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
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(H_MAGIC + i) == 0) {
                return true;
            }
        }
        boolean generationUnwritten = b.getLong(H_GENERATION) == 0 && generationOf(file) != 0;
        boolean uidUnwritten = b.getInt(H_UID) == 0 && owner != 0;
        return b.getInt(H_VERSION) == 0 || b.getInt(H_HEADER_SIZE) == 0 || b.getLong(H_PID) == 0
                || b.getLong(H_JVM_START_MILLIS) == 0 || (b.getLong(H_BOOT_ID) == 0 && b.getLong(H_BOOT_ID + 8) == 0)
                || b.getLong(H_CAPACITY) == 0 || generationUnwritten || uidUnwritten;
    }

    private static Integer uid(Path p) {
        try {
            return Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) instanceof Integer uid ? uid : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null; // gone, or no owner to compare: not a header anyone is still writing
        }
    }
}
