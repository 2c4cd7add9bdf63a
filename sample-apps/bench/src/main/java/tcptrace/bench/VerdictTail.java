package tcptrace.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Follows the JSON lines a live capture writes (one verdict a line, flushed as printed): how long after its packet
 * each verdict was read, and which kinds, of which pids, there were. Only the head of a line is looked at: the
 * fields wanted come before the stack, and a line can be kilobytes long.
 */
final class VerdictTail implements AutoCloseable {
    private static final int HEAD_BYTES = 512;

    private final FileChannel file;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    private final byte[] head = new byte[HEAD_BYTES];
    private int headLength;
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final Map<String, Long> kinds = new TreeMap<>();
    private final long pid;
    private long ofPid;
    private long unreadable;

    /** @param pid the traced JVM whose verdicts are counted apart from the others' */
    VerdictTail(Path json, long pid) throws IOException {
        this.file = FileChannel.open(json, StandardOpenOption.READ);
        this.pid = pid;
    }

    /** Reads what was written since the last call; a line not yet ended waits for the next. */
    void poll() throws IOException {
        while (file.read(buffer.clear()) > 0) {
            Instant readAt = Instant.now();
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    line(readAt);
                    headLength = 0;
                } else if (headLength < HEAD_BYTES) {
                    head[headLength++] = b;
                }
            }
        }
    }

    private void line(Instant readAt) {
        String text = new String(head, 0, headLength, StandardCharsets.ISO_8859_1);
        String kind = field(text, "\"verdict\":\"", '"');
        String time = field(text, "\"time\":\"", '"');
        if (kind == null || time == null) {
            unreadable++;
            return;
        }
        try {
            Instant packet = Instant.parse(time);
            latencies.add((readAt.getEpochSecond() - packet.getEpochSecond()) * 1_000_000_000L
                    + readAt.getNano() - packet.getNano());
        } catch (DateTimeParseException e) {
            unreadable++;
            return;
        }
        boolean traced = String.valueOf(pid).equals(field(text, "\"pid\":", ','));
        kinds.merge(traced ? kind : kind + " of another pid", 1L, Long::sum);
        if (traced) {
            ofPid++;
        }
    }

    private static String field(String line, String key, char end) {
        int start = line.indexOf(key);
        if (start < 0) {
            return null;
        }
        start += key.length();
        int stop = line.indexOf(end, start);
        return stop < 0 ? null : line.substring(start, stop);
    }

    LatencyHistogram latencies() {
        return latencies;
    }

    /** Verdicts per kind: {@code APP_CLOSE} of the pid, {@code APP_CLOSE of another pid} of any other or none. */
    Map<String, Long> kinds() {
        return kinds;
    }

    long verdictsOfPid() {
        return ofPid;
    }

    long unreadable() {
        return unreadable;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
