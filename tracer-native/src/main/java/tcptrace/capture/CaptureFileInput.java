package tcptrace.capture;

import tcptrace.InputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A capture file read through one large reused buffer. Readers ask for the next {@code n} bytes with {@link #request}
 * and decode them in place in {@link #buffer()}; a record is never copied on its way to the decoder.
 */
final class CaptureFileInput implements AutoCloseable {
    /** Much larger than any block a reader accepts, so a refill always makes room for the next one. */
    static final int CAPACITY = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final byte[] buffer = new byte[CAPACITY];
    private final ByteBuffer window = ByteBuffer.wrap(buffer);
    private long bufferStart;
    private int position;
    private int limit;
    private boolean endOfFile;

    private CaptureFileInput(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static CaptureFileInput open(Path file) throws InputException {
        try {
            return new CaptureFileInput(file, FileChannel.open(file, StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new InputException(file + ": permission denied");
        } catch (IOException | UnsupportedOperationException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    byte[] buffer() {
        return buffer;
    }

    /** Index in {@link #buffer()} of the next unread byte. */
    int index() {
        return position;
    }

    /** File offset of the next unread byte. */
    long offset() {
        return bufferStart + position;
    }

    /** Bytes available in the buffer from {@link #index()}; after a failed {@link #request} all that the file has left. */
    int available() {
        return limit - position;
    }

    /**
     * Makes the next {@code n} bytes (at most {@link #CAPACITY}) available from {@link #index()}.
     *
     * @return false if the file ends first
     */
    boolean request(int n) throws InputException {
        while (limit - position < n) {
            if (endOfFile) {
                return false;
            }
            fill();
        }
        return true;
    }

    void advance(int n) {
        position += n;
    }

    /** Moves past {@code n} bytes without reading them; false if the file is shorter. */
    boolean skip(long n) throws InputException {
        if (n <= limit - position) {
            position += (int) n;
            return true;
        }
        long target = offset() + n;
        try {
            if (target > channel.size()) {
                return false;
            }
            channel.position(target);
        } catch (IOException e) {
            throw cannotRead(e);
        }
        bufferStart = target;
        position = 0;
        limit = 0;
        endOfFile = false;
        return true;
    }

    private void fill() throws InputException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            bufferStart += position;
            limit -= position;
            position = 0;
        }
        window.clear().position(limit);
        try {
            int read = channel.read(window);
            if (read < 0) {
                endOfFile = true;
            } else {
                limit += read;
            }
        } catch (IOException e) {
            throw cannotRead(e);
        }
    }

    InputException corrupt(long offset, String reason) {
        return new InputException(file + ": corrupt pcap at byte offset " + offset + " (" + reason + ")");
    }

    InputException truncated(long offset) {
        return new InputException(file + ": truncated at byte offset " + offset);
    }

    InputException notACapture(String why) {
        return new InputException(file + ": not a pcap or pcapng file (" + why + ")");
    }

    private InputException cannotRead(IOException e) {
        return new InputException(file + ": cannot read (" + e.getMessage() + ")", e);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Read-only: nothing can be lost by a failed close.
        }
    }
}
