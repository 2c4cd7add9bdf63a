package tcptrace.journal;

import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongFunction;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.agent.event.SocketOptionsSnapshot;

/**
 * Bodies of journal records. Strings are u16 length + UTF-8, cut at {@link #MAX_STRING} bytes so that one record
 * always fits {@link JournalFormat#MAX_RECORD}; stacks are cut at {@link #MAX_FRAMES}. An event refers to its stack
 * by the id of a STACK record, 0 when it has none.
 */
public final class RecordCodec {
    private RecordCodec() {
    }

    static final int MAX_STRING = 1024;
    static final int MAX_FRAMES = 48;

    /** A STACK record's body: the frames that events name by {@code id}. */
    public record StackDefinition(long id, List<String> frames) {
    }

    /** Writes an event body into {@code out} (positioned, little endian); {@code stackId} 0 for no stack. */
    public static void encodeEvent(SocketEvent e, long stackId, ByteBuffer out) {
        out.put((byte) e.kind().code);
        out.put((byte) e.api().code);
        out.put((byte) e.actor().code);
        out.put((byte) (e.virtualThread() ? 1 : 0));
        out.putLong(e.epochNanos());
        out.putLong(e.connectionId());
        out.putLong(e.connectionStartNanos());
        putEndpoint(out, e.local());
        putEndpoint(out, e.remote());
        out.putLong(e.threadId());
        putString(out, e.threadName());
        out.putLong(e.bytesRead());
        out.putLong(e.bytesWritten());
        SocketOptionsSnapshot o = e.options();
        out.put((byte) o.keepAlive());
        out.putInt(o.keepIdle());
        out.putInt(o.keepInterval());
        out.putInt(o.keepCount());
        out.putInt(o.linger());
        out.putInt(o.soTimeout());
        putString(out, e.message());
        out.putLong(stackId);
    }

    /**
     * Reads an event body; {@code stacks} gives the frames of a stack id (never called for 0), and an empty list
     * for an id it does not know.
     */
    public static SocketEvent decodeEvent(ByteBuffer in, LongFunction<List<String>> stacks) {
        return decodeEvent(in, stacks, new DecodedValues());
    }

    /** As {@link #decodeEvent(ByteBuffer, LongFunction)}, sharing the values {@code values} decoded before. */
    static SocketEvent decodeEvent(ByteBuffer in, LongFunction<List<String>> stacks, DecodedValues values) {
        EventKind kind = EventKind.ofCode(in.get());
        SocketApi api = SocketApi.ofCode(in.get());
        CloseActor actor = CloseActor.ofCode(in.get());
        boolean virtual = in.get() != 0;
        long time = in.getLong();
        long id = in.getLong();
        long start = in.getLong();
        Endpoint local = values.endpoint(in);
        Endpoint remote = values.endpoint(in);
        long threadId = in.getLong();
        String threadName = values.string(in, MAX_STRING);
        long read = in.getLong();
        long written = in.getLong();
        SocketOptionsSnapshot options = values.options(in.get(), in.getInt(), in.getInt(), in.getInt(), in.getInt(),
                in.getInt());
        String message = values.string(in, MAX_STRING);
        long stackId = in.getLong();
        List<String> stack = stackId == 0 ? List.of() : stacks.apply(stackId);
        return new SocketEvent(kind, time, id, start, api, local, remote, threadId, threadName, virtual, actor, read,
                written, options, message, stack);
    }

    /** The time of an event body, read without decoding the rest of it. */
    static long eventNanos(ByteBuffer body) {
        return body.getLong(body.position() + 4); // after kind, api, actor and the virtual-thread flag
    }

    public static void encodeStack(long id, List<String> frames, ByteBuffer out) {
        out.putLong(id);
        int n = Math.min(frames.size(), MAX_FRAMES);
        out.putShort((short) n);
        for (int i = 0; i < n; i++) {
            putString(out, frames.get(i));
        }
    }

    public static StackDefinition decodeStack(ByteBuffer in) {
        try {
            long id = in.getLong();
            if (id == 0) {
                throw new IllegalArgumentException("stack id 0");
            }
            int n = Short.toUnsignedInt(in.getShort());
            if (n > MAX_FRAMES) {
                throw new IllegalArgumentException("stack of " + n + " frames exceeds " + MAX_FRAMES);
            }
            String[] frames = new String[n];
            for (int i = 0; i < n; i++) {
                frames[i] = getString(in);
                if (frames[i] == null) {
                    throw new IllegalArgumentException("null frame");
                }
            }
            return new StackDefinition(id, List.of(frames));
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("record body shorter than its fields", e);
        }
    }

    public static void encodeStart(JournalEntry.Start s, ByteBuffer out) {
        out.putLong(s.epochNanos());
        out.put((byte) (s.attached() ? 1 : 0));
        putString(out, s.javaVersion());
        putString(out, s.command());
        putString(out, s.agentOptions());
    }

    public static JournalEntry.Start decodeStart(long offset, ByteBuffer in) {
        return new JournalEntry.Start(offset, in.getLong(), in.get() != 0, getString(in), getString(in),
                getString(in));
    }

    public static void encodeExit(JournalEntry.Exit x, ByteBuffer out) {
        out.putLong(x.epochNanos());
        out.putLong(x.droppedRecords());
    }

    public static JournalEntry.Exit decodeExit(long offset, ByteBuffer in) {
        return new JournalEntry.Exit(offset, in.getLong(), in.getLong());
    }

    /**
     * Decodes one committed, CRC-checked record body other than a STACK record; malformed bodies raise
     * IllegalArgumentException.
     */
    static JournalEntry decode(long offset, int type, ByteBuffer body, LongFunction<List<String>> stacks,
                               DecodedValues values) {
        try {
            switch (type) {
                case JournalFormat.TYPE_EVENT:
                    return new JournalEntry.Event(offset, decodeEvent(body, stacks, values));
                case JournalFormat.TYPE_START:
                    return decodeStart(offset, body);
                case JournalFormat.TYPE_EXIT:
                    return decodeExit(offset, body);
                default:
                    throw new IllegalArgumentException("unknown record type " + type);
            }
        } catch (BufferUnderflowException | BufferOverflowException e) {
            throw new IllegalArgumentException("record body shorter than its fields", e);
        }
    }

    private static void putEndpoint(ByteBuffer out, Endpoint e) {
        if (e == null) {
            out.put((byte) 0);
            return;
        }
        e.putTo(out);
    }

    private static void putString(ByteBuffer out, String s) {
        if (s == null) {
            out.putShort((short) 0xffff);
            return;
        }
        // frames, thread names and addresses are ASCII: written as they are read, without a byte[] each
        int start = out.position();
        int len = Math.min(s.length(), MAX_STRING);
        out.putShort((short) len);
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                out.position(start);
                putUtf8(out, s);
                return;
            }
            out.put((byte) c);
        }
    }

    private static void putUtf8(ByteBuffer out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(b.length, MAX_STRING);
        out.putShort((short) len);
        out.put(b, 0, len);
    }

    private static String getString(ByteBuffer in) {
        int len = Short.toUnsignedInt(in.getShort());
        if (len == 0xffff) {
            return null;
        }
        if (len > MAX_STRING) {
            throw new IllegalArgumentException("string of " + len + " bytes exceeds " + MAX_STRING);
        }
        byte[] b = new byte[len];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
