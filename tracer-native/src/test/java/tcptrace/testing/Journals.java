package tcptrace.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import tcptrace.agent.event.SocketEvent;
import tcptrace.journal.JournalFormat;
import tcptrace.journal.JournalWriter;

/** Journals written by the real writer, for tests of everything that reads them. */
public final class Journals {
    private Journals() {
    }

    /** Writes {@code events} (and an EXIT record at {@code exitNanos} when not 0) into a journal under {@code dir}. */
    public static Path write(Path dir, List<SocketEvent> events, long exitNanos) throws IOException {
        try (JournalWriter w = JournalWriter.open(dir, false, msg -> {
            throw new AssertionError(msg);
        })) {
            for (SocketEvent e : events) {
                if (!w.writeEvent(e)) {
                    throw new AssertionError("journal dropped an event");
                }
            }
            if (exitNanos != 0) {
                w.writeExit(exitNanos);
            }
            return w.currentFile();
        }
    }

    /** Flips a byte inside the body of record number {@code index} (0-based) so that its CRC no longer matches. */
    public static long damageRecord(Path file, int index) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = JournalFormat.HEADER_SIZE;
            ByteBuffer len = ByteBuffer.allocate(4).order(JournalFormat.ORDER);
            for (int i = 0; i < index; i++) {
                ch.read(len.clear(), at);
                at += len.flip().getInt();
            }
            ByteBuffer b = ByteBuffer.allocate(1).order(ByteOrder.LITTLE_ENDIAN);
            long bodyByte = at + JournalFormat.R_BODY + 2;
            ch.read(b, bodyByte);
            b.put(0, (byte) (b.get(0) ^ 0x5A));
            ch.write(b.rewind(), bodyByte);
            return at;
        }
    }
}
