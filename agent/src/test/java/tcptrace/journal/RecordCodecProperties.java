package tcptrace.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.agent.event.SocketOptionsSnapshot;

class RecordCodecProperties {

    /**
     * Thread names, messages and frames, ASCII or not, short or past the cut: each reads back as the first
     * {@link RecordCodec#MAX_STRING} bytes of its UTF-8, and the endpoints as they were; an event's stack is the one
     * its id names.
     */
    @Property(tries = 500)
    void stringsReadBackAsTheirUtf8CutAtTheLimit(@ForAll("texts") String thread, @ForAll("texts") String message,
                                                 @ForAll("texts") String frame, @ForAll boolean v6,
                                                 @ForAll @LongRange(min = 1) long stackId) {
        byte[] address = v6 ? new byte[] {32, 1, 13, -72, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7} : new byte[] {10, 9, 0, 1};
        SocketEvent e = new SocketEvent(EventKind.CLOSE, 1, 2, 3, SocketApi.SOCKET, new Endpoint(address, 40000),
                new Endpoint(new byte[] {127, 0, 0, 1}, 8080), 4, thread, false, CloseActor.APP, 5, 6,
                SocketOptionsSnapshot.DEFAULTS, message, List.of(frame, frame));
        ByteBuffer b = ByteBuffer.allocate(JournalFormat.MAX_RECORD).order(JournalFormat.ORDER);

        RecordCodec.encodeStack(stackId, e.stack(), b);
        RecordCodec.StackDefinition stack = RecordCodec.decodeStack(b.flip());
        RecordCodec.encodeEvent(e, stackId, b.clear());
        SocketEvent back = RecordCodec.decodeEvent(b.flip(), id -> id == stack.id() ? stack.frames() : null);

        assertThat(back.threadName()).isEqualTo(cut(thread));
        assertThat(back.message()).isEqualTo(cut(message));
        assertThat(back.stack()).containsExactly(cut(frame), cut(frame));
        assertThat(back.local()).isEqualTo(e.local());
        assertThat(back.remote()).isEqualTo(e.remote());
    }

    /** Every API, the io_uring ones among them, reads back as itself: its code is in the journal. */
    @Property(tries = 20)
    void everyApiReadsBackAsItself(@ForAll SocketApi api) {
        SocketEvent e = new SocketEvent(EventKind.CONNECT, 1, 2, 3, api, new Endpoint(new byte[] {10, 9, 0, 1}, 40000),
                new Endpoint(new byte[] {127, 0, 0, 1}, 8080), 4, "t", false, CloseActor.NONE, 0, 0,
                SocketOptionsSnapshot.DEFAULTS, null, List.of());
        ByteBuffer b = ByteBuffer.allocate(JournalFormat.MAX_RECORD).order(JournalFormat.ORDER);

        RecordCodec.encodeEvent(e, 0, b);

        assertThat(RecordCodec.decodeEvent(b.flip(), id -> List.of()).api()).isEqualTo(api);
    }

    /** Past {@link RecordCodec#MAX_FRAMES} a stack is cut, innermost frames kept. */
    @Property(tries = 50)
    void deepStacksKeepTheirInnermostFrames(@ForAll @IntRange(max = 200) int depth) {
        List<String> frames = IntStream.range(0, depth).mapToObj(i -> "f" + i).toList();
        ByteBuffer b = ByteBuffer.allocate(JournalFormat.MAX_RECORD).order(JournalFormat.ORDER);

        RecordCodec.encodeStack(7, frames, b);

        assertThat(RecordCodec.decodeStack(b.flip()).frames())
                .isEqualTo(frames.subList(0, Math.min(depth, RecordCodec.MAX_FRAMES)));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ascii().ofMaxLength(1100),
                Arbitraries.strings().all().ofMaxLength(700),
                Arbitraries.strings().withChars("aé€\uD83D\uDE00").ofMinLength(340).ofMaxLength(520));
    }

    private static String cut(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return new String(Arrays.copyOf(b, Math.min(b.length, RecordCodec.MAX_STRING)), StandardCharsets.UTF_8);
    }
}
