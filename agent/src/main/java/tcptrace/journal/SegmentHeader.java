package tcptrace.journal;

import static tcptrace.journal.JournalFormat.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;

/** The fixed header of one segment file. */
public record SegmentHeader(Path file, long pid, long jvmStartMillis, UUID bootId, long capacity, long generation,
                            long droppedRecords, int uid, int flags) {

    public boolean attached() {
        return (flags & FLAG_ATTACHED) != 0;
    }

    /** The JVM shut down in order though its EXIT record was dropped for want of room. */
    public boolean exitedWithoutRecord() {
        return (flags & FLAG_EXITED) != 0;
    }

    /** Reads and checks the header; never follows a symbolic link. */
    public static SegmentHeader read(Path file) throws JournalException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer b = ByteBuffer.allocate(H_FLAGS + 4).order(ORDER);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // fill
            }
            SegmentHeader h = parse(file, b.flip(), ch.size());
            checkOwner(h);
            return h;
        } catch (JournalException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new JournalException(file + ": no such journal file");
        } catch (IOException e) {
            throw new JournalException(file + ": cannot read journal (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A journal is written by the traced process's user into a private file: a file owned by anyone else was not
     * written by that JVM, whatever its header claims (the tracer often runs as root).
     */
    private static void checkOwner(SegmentHeader h) throws IOException {
        Object owner = java.nio.file.Files.getAttribute(h.file(), "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (h.uid() >= 0 && owner instanceof Integer uid && uid != h.uid()) {
            throw new JournalException(h.file() + ": owned by uid " + uid + " but written for uid " + h.uid()
                    + "; refusing it");
        }
    }

    static SegmentHeader parse(Path file, ByteBuffer b, long fileSize) throws JournalException {
        if (b.remaining() < H_FLAGS + 4) {
            throw new JournalException(file + ": not a tcptrace journal (only " + fileSize + " bytes)");
        }
        byte[] magic = new byte[MAGIC.length];
        b.get(H_MAGIC, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new JournalException(file + ": not a tcptrace journal (bad magic)");
        }
        int version = b.getInt(H_VERSION);
        if (version != VERSION) {
            throw new JournalException(file + ": journal format version " + version + " is not supported (this "
                    + "tcptrace reads version " + VERSION + ")");
        }
        if (b.getInt(H_HEADER_SIZE) != HEADER_SIZE) {
            throw new JournalException(file + ": corrupt journal header (header size " + b.getInt(H_HEADER_SIZE) + ")");
        }
        long capacity = b.getLong(H_CAPACITY);
        if (capacity < HEADER_SIZE || capacity > Integer.MAX_VALUE) {
            throw new JournalException(file + ": corrupt journal header (capacity " + capacity + ")");
        }
        return new SegmentHeader(file, b.getLong(H_PID), b.getLong(H_JVM_START_MILLIS),
                new UUID(b.getLong(H_BOOT_ID), b.getLong(H_BOOT_ID + 8)), Math.min(capacity, fileSize),
                b.getLong(H_GENERATION), b.getLong(H_DROPPED), b.getInt(H_UID), b.getInt(H_FLAGS));
    }
}
