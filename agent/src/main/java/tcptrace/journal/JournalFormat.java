package tcptrace.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Byte layout of a journal segment. One JVM writes a ring of segments: {@code <pid>.journal} (generation 0), then
 * {@code <pid>.<gen>.journal}. A segment whose pid was reused by a later JVM is renamed to
 * {@code <pid>-<jvmStartMillis>[.<gen>].journal}. A segment is made under {@link #temporaryName}, which no reader
 * takes for a segment, and renamed to its own name once its header is complete.
 *
 * <pre>
 * header (HEADER_SIZE bytes, little endian)
 *   0 magic "TCPTRJNL"   8 version   12 header size   16 pid   24 JVM start (epoch ms)   32 boot id (16 bytes)
 *  48 segment capacity  56 generation  64 dropped records (whole JVM, so far)  72 uid  76 flags
 * records, from HEADER_SIZE, each aligned to RECORD_ALIGN
 *   0 total length (written first: lets a reader step over a record that is still being written)
 *   4 commit mark (written last, with release semantics: a record is visible only when complete)
 *   8 type  12 CRC32C of [type, body]  16 body (length - 16 bytes, zero padded)
 * </pre>
 *
 * <p>An event names its stack by id; a STACK record earlier in the same segment holds the frames. Most closes of a
 * service come from a handful of places, so a stack is written once per segment instead of once per event, and a
 * segment still reads on its own after the ring has deleted the ones before it.
 */
public final class JournalFormat {
    private JournalFormat() {
    }

    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    public static final byte[] MAGIC = "TCPTRJNL".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 2;
    public static final int HEADER_SIZE = 4096;

    public static final int H_MAGIC = 0;
    public static final int H_VERSION = 8;
    public static final int H_HEADER_SIZE = 12;
    public static final int H_PID = 16;
    public static final int H_JVM_START_MILLIS = 24;
    public static final int H_BOOT_ID = 32;
    public static final int H_CAPACITY = 48;
    public static final int H_GENERATION = 56;
    public static final int H_DROPPED = 64;
    public static final int H_UID = 72;
    public static final int H_FLAGS = 76;

    /** Header flag: the agent was loaded into a running JVM, so connections older than it are partly unseen. */
    public static final int FLAG_ATTACHED = 1;
    /** Header flag: the JVM shut down in order but its EXIT record found no room (it was dropped and counted). */
    public static final int FLAG_EXITED = 2;

    public static final int R_LENGTH = 0;
    public static final int R_COMMIT = 4;
    public static final int R_TYPE = 8;
    public static final int R_CRC = 12;
    public static final int R_BODY = 16;
    public static final int RECORD_HEADER = 16;
    public static final int RECORD_ALIGN = 8;
    public static final int MAX_RECORD = 64 * 1024;
    public static final int COMMIT_MARK = 0x31524354; // "TCR1"

    public static final int TYPE_START = 1;
    public static final int TYPE_EVENT = 2;
    public static final int TYPE_EXIT = 3;
    public static final int TYPE_STACK = 4;

    public static final long DEFAULT_SEGMENT_BYTES = 8L << 20;
    public static final int DEFAULT_SEGMENTS = 4;

    private static final Pattern NAME = Pattern.compile("(\\d+)(?:-(\\d+))?(?:\\.(\\d+))?\\.journal");

    /** CRC32C of a record: its type (4 bytes, little endian) then its body. */
    public static int crc(int type, ByteBuffer body) {
        CRC32C c = new CRC32C();
        for (int shift = 0; shift < 32; shift += 8) {
            c.update(type >>> shift); // little endian, as the field is stored
        }
        c.update(body);
        return (int) c.getValue();
    }

    /** The same as {@link #crc(int, ByteBuffer)}, of bytes in an array: the writer's, without a buffer each. */
    public static int crc(int type, byte[] body, int offset, int length) {
        CRC32C c = new CRC32C();
        for (int shift = 0; shift < 32; shift += 8) {
            c.update(type >>> shift);
        }
        c.update(body, offset, length);
        return (int) c.getValue();
    }

    public static int align(int n) {
        return (n + RECORD_ALIGN - 1) & -RECORD_ALIGN;
    }

    public static String segmentName(long pid, long generation) {
        return generation == 0 ? pid + ".journal" : pid + "." + generation + ".journal";
    }

    /** The name a stale segment (its pid now belongs to another JVM) is kept under. */
    public static String staleName(long pid, long jvmStartMillis, long generation) {
        return generation == 0 ? pid + "-" + jvmStartMillis + ".journal"
                : pid + "-" + jvmStartMillis + "." + generation + ".journal";
    }

    /**
     * Where segment {@code generation} is made before it is renamed to {@link #segmentName}: hidden, and not ending in
     * {@code .journal}, so that neither these readers nor a script looking for journals takes it for a segment.
     */
    public static String temporaryName(long pid, long generation) {
        return "." + segmentName(pid, generation) + ".tmp";
    }

    /** The pid of a {@link #temporaryName}, or -1 when the name is not one. */
    public static long pidOfTemporary(Path file) {
        String name = file.getFileName().toString();
        if (name.length() <= ".tmp".length() || !name.startsWith(".") || !name.endsWith(".tmp")) {
            return -1;
        }
        Matcher m = NAME.matcher(name.substring(1, name.length() - ".tmp".length()));
        return m.matches() && m.group(2) == null ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * The pid a segment file name belongs to, or -1 when the name is not a journal segment's (a {@link #temporaryName}
     * is not).
     */
    public static long pidOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Whether a segment file name is of the current JVM with that pid (not a stale one kept aside). */
    public static boolean isCurrentName(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() && m.group(2) == null;
    }
}
