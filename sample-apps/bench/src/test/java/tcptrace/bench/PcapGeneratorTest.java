package tcptrace.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.capture.CaptureStats;
import tcptrace.capture.PcapFileSource;
import tcptrace.capture.TcpSegment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PcapGeneratorTest {
    private static final int CONNECTIONS = 3_000;

    @TempDir
    Path dir;

    /** What the tracer's own reader sees in a generated file. */
    private static final class Census {
        long syns;
        long fins;
        long resets;
        long retransmissions;
        long dataSegments;
        final Set<String> connections = new HashSet<>();
        final Set<String> sent = new HashSet<>();

        void count(TcpSegment s) {
            byte[] src = new byte[4];
            byte[] dst = new byte[4];
            s.srcAddress(src, 0);
            s.dstAddress(dst, 0);
            String from = java.util.Arrays.toString(src) + ":" + s.srcPort();
            String to = java.util.Arrays.toString(dst) + ":" + s.dstPort();
            if (s.isSyn() && !s.isAck()) {
                syns++;
            }
            fins += s.isFin() ? 1 : 0;
            resets += s.isRst() ? 1 : 0;
            connections.add(from.compareTo(to) < 0 ? from + to : to + from);
            if (s.payloadLength() > 0 || s.isFin()) {
                dataSegments += s.payloadLength() > 0 ? 1 : 0;
                if (!sent.add(from + ">" + to + "@" + s.seq() + (s.isFin() ? "F" : ""))) {
                    retransmissions++;
                }
            }
        }
    }

    @Test
    void everyPacketWrittenReadsBackAsATcpSegment() throws Exception {
        Path file = dir.resolve("bench.pcap");
        PcapGenerator.Summary summary = PcapGenerator.generate(file, null, CONNECTIONS, 200, 2, 7);

        CaptureStats stats;
        try (PcapFileSource source = PcapFileSource.open(file)) {
            stats = source.run(segment -> { });
        }
        assertThat(stats.frames()).isEqualTo(summary.packets());
        assertThat(stats.tcpSegments()).isEqualTo(summary.packets());
        assertThat(stats.truncated()).isZero();
        assertThat(summary.packets()).isGreaterThan(8L * CONNECTIONS);
    }

    @Test
    void connectionsEndInClosesResetsAndRetransmissions() throws Exception {
        Path file = dir.resolve("bench.pcap");
        PcapGenerator.generate(file, null, CONNECTIONS, 200, 2, 7);

        Census census = new Census();
        try (PcapFileSource source = PcapFileSource.open(file)) {
            source.run(census::count);
        }
        assertThat(census.syns).isEqualTo(CONNECTIONS);
        assertThat(census.connections).hasSize(CONNECTIONS);
        assertThat(census.resets).isBetween(CONNECTIONS / 20L, CONNECTIONS / 5L);
        assertThat(census.fins).isGreaterThan(CONNECTIONS);
        assertThat(census.retransmissions).isPositive();
        assertThat(census.dataSegments).isGreaterThan(2L * CONNECTIONS);
    }

    @Test
    void framesAreCutToHeadersWhileAnnouncingTheirPayload() throws Exception {
        Path file = dir.resolve("bench.pcap");
        PcapGenerator.Summary summary = PcapGenerator.generate(file, null, 500, 50, 2, 3);

        long[] announcedPayload = new long[1];
        try (PcapFileSource source = PcapFileSource.open(file)) {
            source.run(segment -> announcedPayload[0] += segment.payloadLength());
        }
        long recordHeaders = 16L * summary.packets();
        long fileHeader = 24;
        long maxCaptured = (long) PcapGenerator.SNAPLEN * summary.packets();
        assertThat(Files.size(file) - fileHeader - recordHeaders).isLessThanOrEqualTo(maxCaptured);
        assertThat(announcedPayload[0]).isGreaterThan(Files.size(file));
    }

    @Test
    void theSameSeedWritesTheSameFile() throws Exception {
        Path first = dir.resolve("first.pcap");
        Path second = dir.resolve("second.pcap");
        PcapGenerator.generate(first, null, 400, 40, 2, 11);
        PcapGenerator.generate(second, null, 400, 40, 2, 11);

        assertThat(Files.mismatch(first, second)).isEqualTo(-1L);
    }
}
