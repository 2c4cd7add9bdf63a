package tcptrace.journal;

import static tcptrace.journal.JournalFormat.MAX_RECORD;
import static tcptrace.journal.JournalFormat.ORDER;
import static tcptrace.journal.JournalFormat.RECORD_ALIGN;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/** The bytes of one segment file, by offset: mapped for a segment still written, read in a window for a finished one. */
abstract sealed class SegmentBytes {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ORDER);
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ORDER);

    /** Bytes of the segment that may be read. */
    abstract int size();

    abstract int getInt(int offset);

    /** An int read with acquire semantics: the writer publishes with release. */
    abstract int intAcquire(int offset);

    /** A long as the writer's last store left it, without ordering (a counter the writer bumps). */
    abstract long longOpaque(int offset);

    /** {@code length} bytes from {@code offset}, little endian; valid until the next call. */
    abstract ByteBuffer slice(int offset, int length);

    void close() {
    }

    static final class Mapped extends SegmentBytes {
        private final MappedByteBuffer map;

        Mapped(MappedByteBuffer map) {
            this.map = map;
        }

        @Override
        int size() {
            return map.capacity();
        }

        @Override
        int getInt(int offset) {
            return map.getInt(offset);
        }

        @Override
        int intAcquire(int offset) {
            return (int) INT.getAcquire(map, offset);
        }

        @Override
        long longOpaque(int offset) {
            return (long) LONG.getOpaque(map, offset);
        }

        @Override
        ByteBuffer slice(int offset, int length) {
            return map.slice(offset, length).order(ORDER);
        }
    }

    /**
     * A finished segment read front to back through one heap buffer: the page cache holds the file, the process
     * only this window. A record never straddles a refill, since each refill starts at the record asked for.
     */
    static final class Read extends SegmentBytes {
        /** Many records per read, and always room for the largest one. */
        static final int WINDOW = 16 * MAX_RECORD;

        private final FileChannel channel;
        private final int size;
        private final ByteBuffer window = ByteBuffer.allocate(WINDOW).order(ORDER);
        private int base;
        private int filled;

        Read(FileChannel channel, int size) {
            this.channel = channel;
            this.size = size;
        }

        @Override
        int size() {
            return size;
        }

        @Override
        int getInt(int offset) {
            return window.getInt(at(offset, Integer.BYTES));
        }

        @Override
        int intAcquire(int offset) {
            return getInt(offset); // nobody writes a finished segment
        }

        @Override
        long longOpaque(int offset) {
            return window.getLong(at(offset, Long.BYTES));
        }

        @Override
        ByteBuffer slice(int offset, int length) {
            return window.slice(at(offset, length), length).order(ORDER);
        }

        /** The window index of {@code offset}, after reading the window there if it does not hold the bytes. */
        private int at(int offset, int length) {
            if (offset < base || offset + length > base + filled) {
                fill(offset & -RECORD_ALIGN, length + (offset & (RECORD_ALIGN - 1)));
            }
            return offset - base;
        }

        private void fill(int from, int atLeast) {
            window.clear().limit(Math.min(WINDOW, size - from));
            try {
                while (window.position() < atLeast) {
                    if (channel.read(window, from + window.position()) < 0) {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (window.position() < atLeast) {
                throw new IndexOutOfBoundsException("offset " + from + " + " + atLeast + " beyond the segment");
            }
            base = from;
            filled = window.position();
        }

        @Override
        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only: nothing is lost
            }
        }
    }
}
