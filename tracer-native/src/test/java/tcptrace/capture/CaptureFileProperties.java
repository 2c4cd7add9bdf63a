package tcptrace.capture;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import tcptrace.InputException;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Damaged capture files end in one {@link InputException} or in a clean end, never in anything else. */
class CaptureFileProperties {
    private static final byte[] CLASSIC = new CaptureFixtures.Classic(ByteOrder.LITTLE_ENDIAN, true, LinkType.ETHERNET)
            .record(1, FrameBuilder.tcp().payloadLength(30).buildEthernet())
            .record(2, FrameBuilder.tcp().from("::1", 1).to("::2", 2).buildEthernet())
            .record(3, FrameBuilder.tcp().flags(TcpSegment.FIN).buildEthernet())
            .bytes();
    private static final byte[] PCAPNG = new CaptureFixtures.Pcapng().section(ByteOrder.BIG_ENDIAN)
            .iface(LinkType.ETHERNET, 0, 9).iface(LinkType.RAW, 96, 0x80 | 20)
            .enhanced(0, 1, FrameBuilder.tcp().payloadLength(30).buildEthernet(), 100)
            .other(12)
            .enhanced(1, 2, FrameBuilder.tcp().from("::1", 1).to("::2", 2).buildIp(), 60)
            .simple(FrameBuilder.tcp().buildEthernet())
            .obsolete(0, 3, FrameBuilder.tcp().buildEthernet())
            .bytes();

    @Property(tries = 400)
    void bitFlipsAndCutsEndInOneLineOrNotAtAll(@ForAll boolean pcapng,
                                               @ForAll @Size(max = 6) List<@IntRange(max = 4_000) Integer> bitFlips,
                                               @ForAll @IntRange(max = 500) int cut) throws Exception {
        byte[] bytes = (pcapng ? PCAPNG : CLASSIC).clone();
        for (int bit : bitFlips) {
            int index = (bit / 8) % bytes.length;
            bytes[index] ^= (byte) (1 << (bit % 8));
        }
        int length = Math.min(bytes.length, Math.max(cut, 1) * bytes.length / 500);
        Path file = Files.createTempFile("damaged", pcapng ? ".pcapng" : ".pcap");
        try {
            Files.write(file, java.util.Arrays.copyOf(bytes, length));
            try {
                CaptureStats stats = PcapFileSource.open(file).run(segment -> {
                    assertThat(segment.payloadLength()).isNotNegative();
                });
                assertThat(stats.frames()).isLessThanOrEqualTo(5);
            } catch (InputException e) {
                assertThat(e.getMessage()).startsWith(file.toString()).doesNotContain("\n");
            }
        } finally {
            Files.delete(file);
        }
    }
}
