package tcptrace.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The decoder must not allocate per packet (DESIGN §9: a million packets a second from a file). */
class AllocationFreeReadTest {
    private static final int PACKETS = 200_000;
    /** Far below one small object per packet (16 bytes × 200 000 = 3.2 MB). */
    private static final long BUDGET_BYTES = 256 * 1024;

    @TempDir
    Path dir;

    @Test
    void readingAFileAllocatesNothingPerPacket() throws Exception {
        Path file = dir.resolve("many.pcap");
        byte[] v4 = FrameBuilder.tcp().payloadLength(500).buildEthernet();
        byte[] v6 = FrameBuilder.tcp().from("2001:db8::1", 1).to("2001:db8::2", 2).vlan(7).ipv6Extension(0, 8)
                .buildEthernet();
        try (PcapFileWriter writer = PcapFileWriter.create(file, LinkType.ETHERNET, 96)) {
            for (int i = 0; i < PACKETS; i++) {
                writer.write(i, i % 2 == 0 ? v4 : v6);
            }
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] sum = new long[1];
        SegmentListener listener = segment -> sum[0] += segment.seq() + segment.payloadLength() + segment.dstPort();
        PcapFileSource source = PcapFileSource.open(file);

        long before = threads.getCurrentThreadAllocatedBytes();
        CaptureStats stats = source.run(listener);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(stats.tcpSegments()).isEqualTo(PACKETS);
        assertThat(sum[0]).isEqualTo(PACKETS / 2 * (500L + 80 + 2));
        assertThat(allocated).as("bytes allocated while reading %d packets", PACKETS).isLessThan(BUDGET_BYTES);
    }
}
