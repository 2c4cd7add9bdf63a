package tcptrace.capture;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class SegmentViewProperties {
    private static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.RAW,
            LinkType.NULL, LinkType.LOOP};

    /** A valid frame and the link type it was framed for. */
    record Frame(int linkType, byte[] bytes, int srcPort, int dstPort, long seq, int flags, int payloadLength) {
    }

    @Provide
    Arbitrary<Frame> frames() {
        Arbitrary<Boolean> ipv6 = Arbitraries.of(true, false);
        Arbitrary<Integer> ports = Arbitraries.integers().between(0, 65535);
        Arbitrary<Long> seqs = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
        Arbitrary<Integer> flags = Arbitraries.integers().between(0, 255);
        Arbitrary<Integer> payloads = Arbitraries.integers().between(0, 1400);
        Arbitrary<List<Integer>> extensions = Arbitraries.of(0, 43, 60, 51).list().ofMaxSize(3);
        Arbitrary<Integer> linkTypes = Arbitraries.of(LINK_TYPES[0], LINK_TYPES[1], LINK_TYPES[2], LINK_TYPES[3],
                LINK_TYPES[4], LINK_TYPES[5]);
        return Combinators.combine(ipv6, ports, ports, seqs, flags, payloads, extensions, linkTypes)
                .as((v6, src, dst, seq, flag, payload, ext, link) -> {
                    FrameBuilder builder = FrameBuilder.tcp().from(v6 ? "2001:db8::a" : "10.0.0.1", src)
                            .to(v6 ? "2001:db8::b" : "10.0.0.2", dst).seq(seq).flags(flag).payloadLength(payload);
                    if (v6) {
                        ext.forEach(protocol -> builder.ipv6Extension(protocol, 16));
                    }
                    byte[] bytes = LinkFrames.frame(link, builder.buildIp());
                    return new Frame(link, bytes, src, dst, seq, flag, payload);
                });
    }

    @Property(tries = 300)
    void validFramesDecodeToWhatWasBuilt(@ForAll("frames") Frame frame) {
        SegmentView view = new SegmentView();

        assertThat(view.wrap(frame.bytes(), 0, frame.bytes().length, frame.linkType(), 1)).isTrue();
        assertThat(view.srcPort()).isEqualTo(frame.srcPort());
        assertThat(view.dstPort()).isEqualTo(frame.dstPort());
        assertThat(view.seq()).isEqualTo(frame.seq());
        assertThat(view.flags()).isEqualTo(frame.flags());
        assertThat(view.payloadLength()).isEqualTo(frame.payloadLength());
    }

    @Property(tries = 1000)
    void cutsAndBitFlipsNeverThrow(@ForAll("frames") Frame frame, @ForAll @IntRange(max = 2000) int cut,
                                   @ForAll @Size(max = 8) List<@IntRange(max = 16_000) Integer> bitFlips,
                                   @ForAll @IntRange(max = 300) int linkTypeNoise) {
        byte[] bytes = frame.bytes().clone();
        for (int bit : bitFlips) {
            int index = (bit / 8) % bytes.length;
            bytes[index] ^= (byte) (1 << (bit % 8));
        }
        int length = Math.min(cut, bytes.length);
        int linkType = linkTypeNoise < 250 ? frame.linkType() : linkTypeNoise;
        SegmentView view = new SegmentView();

        assertThatCode(() -> {
            if (view.wrap(bytes, 0, length, linkType, 0)) {
                view.srcAddress(new byte[16], 0);
                view.dstAddress(new byte[16], 0);
                assertThat(view.payloadLength()).isNotNegative();
                assertThat(view.srcPort() + view.dstPort() + view.seq() + view.ack() + view.flags() + view.window())
                        .isNotNegative();
            }
        }).doesNotThrowAnyException();
    }

    @Property(tries = 300)
    void cutsAfterTheTcpHeaderKeepThePayloadLength(@ForAll("frames") Frame frame,
                                                   @ForAll @IntRange(max = 1400) int cutIntoPayload) {
        int headersEnd = frame.bytes().length - frame.payloadLength();
        int length = headersEnd + Math.min(cutIntoPayload, frame.payloadLength());
        SegmentView view = new SegmentView();

        assertThat(view.wrap(frame.bytes(), 0, length, frame.linkType(), 0)).isTrue();
        assertThat(view.payloadLength()).isEqualTo(frame.payloadLength());
        assertThat(view.wrap(frame.bytes(), 0, headersEnd - 1, frame.linkType(), 0)).isFalse();
        assertThat(view.truncated()).isTrue();
    }
}
