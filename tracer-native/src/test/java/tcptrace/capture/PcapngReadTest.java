package tcptrace.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tcptrace.InputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.RST;
import static tcptrace.capture.TcpSegment.SYN;

class PcapngReadTest {
    private static final long SECONDS = 1_795_000_000L;

    @TempDir
    Path dir;

    private static ByteOrder order(boolean bigEndian) {
        return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    private static byte[] ethernet(int flags, int srcPort) {
        return FrameBuilder.tcp().from("10.0.0.1", srcPort).to("10.0.0.2", 80).flags(flags).buildEthernet();
    }

    private static byte[] rawIpv6(int flags, int srcPort) {
        return FrameBuilder.tcp().from("2001:db8::1", srcPort).to("2001:db8::2", 443).flags(flags).buildIp();
    }

    @ParameterizedTest(name = "big-endian: {0}")
    @ValueSource(booleans = {true, false})
    void readsTwoInterfacesWithTheirOwnLinkTypeAndResolution(boolean bigEndian) throws Exception {
        byte[] bytes = new CaptureFixtures.Pcapng().section(order(bigEndian))
                .iface(LinkType.ETHERNET, 262144, 9)
                .other(20)
                .iface(LinkType.RAW, 96, -1)
                .enhanced(0, SECONDS * 1_000_000_000L + 123_456_789L, ethernet(SYN, 1), 54)
                .enhanced(1, SECONDS * 1_000_000L + 654_321L, rawIpv6(SYN | ACK, 2), 60)
                .obsolete(1, SECONDS * 1_000_000L + 700_000L, rawIpv6(ACK, 3))
                .enhanced(0, (SECONDS + 1) * 1_000_000_000L, ethernet(FIN | ACK, 4), 54)
                .bytes();
        RecordedSegment.Recorder recorder = new RecordedSegment.Recorder();

        CaptureStats stats = PcapFileSource.open(write(bytes)).run(recorder);

        assertThat(stats.tcpSegments()).isEqualTo(4);
        assertThat(recorder.segments).extracting(RecordedSegment::srcPort).containsExactly(1, 2, 3, 4);
        assertThat(recorder.segments).extracting(RecordedSegment::timeNanos).containsExactly(
                SECONDS * 1_000_000_000L + 123_456_789L, SECONDS * 1_000_000_000L + 654_321_000L,
                SECONDS * 1_000_000_000L + 700_000_000L, (SECONDS + 1) * 1_000_000_000L);
        assertThat(recorder.segments.get(1).dst().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:2");
    }

    @Test
    void aBinaryResolutionIsConverted() throws Exception {
        long units = (SECONDS << 20) | (1 << 19); // 2^-20 s units: SECONDS and a half
        byte[] bytes = new CaptureFixtures.Pcapng().section(ByteOrder.LITTLE_ENDIAN)
                .iface(LinkType.ETHERNET, 0, 0x80 | 20).enhanced(0, units, ethernet(SYN, 1), 54).bytes();

        List<RecordedSegment> seen = read(write(bytes));

        assertThat(seen).extracting(RecordedSegment::timeNanos).containsExactly(SECONDS * 1_000_000_000L + 500_000_000L);
    }

    @Test
    void simplePacketsUseTheFirstInterfaceAndItsSnaplen() throws Exception {
        byte[] frame = FrameBuilder.tcp().flags(RST).payloadLength(200).buildEthernet();
        byte[] bytes = new CaptureFixtures.Pcapng().section(ByteOrder.BIG_ENDIAN)
                .iface(LinkType.ETHERNET, 80, 9)
                .enhanced(0, 5_000_000_000L, ethernet(SYN, 1), 54)
                .simple(frame)
                .bytes();

        List<RecordedSegment> seen = read(write(bytes));

        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).has(RST)).isTrue();
        assertThat(seen.get(1).payloadLength()).isEqualTo(200);
        assertThat(seen.get(1).timeNanos()).as("no timestamp of its own: the last one seen").isEqualTo(5_000_000_000L);
    }

    @Test
    void aNewSectionMayChangeByteOrderAndForgetsInterfaces() throws Exception {
        byte[] bytes = new CaptureFixtures.Pcapng()
                .section(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0, 9).enhanced(0, 1, ethernet(SYN, 1), 54)
                .section(ByteOrder.BIG_ENDIAN).iface(LinkType.RAW, 0, 9).enhanced(0, 2, rawIpv6(SYN, 2), 60)
                .bytes();

        assertThat(read(write(bytes))).extracting(RecordedSegment::srcPort).containsExactly(1, 2);

        CaptureFixtures.Pcapng stale = new CaptureFixtures.Pcapng()
                .section(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0, 9)
                .section(ByteOrder.LITTLE_ENDIAN);
        int packetOffset = stale.size();
        Path file = write(stale.enhanced(0, 1, ethernet(SYN, 1), 54).bytes());
        assertThatThrownBy(() -> read(file)).hasMessage(file + ": corrupt pcap at byte offset "
                + packetOffset + " (packet of interface 0 but the section describes 0)");
    }

    @Test
    void truncationAtEveryByteOffsetDeliversCompleteBlocksThenNamesTheOffset() throws Exception {
        CaptureFixtures.Pcapng fixture = new CaptureFixtures.Pcapng().section(ByteOrder.BIG_ENDIAN);
        List<Integer> blockStarts = new ArrayList<>(List.of(0));
        List<Integer> packetEnds = new ArrayList<>();
        blockStarts.add(fixture.size());
        fixture.iface(LinkType.ETHERNET, 0, 9);
        blockStarts.add(fixture.size());
        fixture.other(8);
        for (int port = 1; port <= 3; port++) {
            blockStarts.add(fixture.size());
            fixture.enhanced(0, port, ethernet(SYN, port), 54);
            packetEnds.add(fixture.size());
        }
        byte[] whole = fixture.bytes();

        for (int cut = 4; cut < whole.length; cut++) {
            Path file = Files.write(dir.resolve("cut" + cut + ".pcapng"), Arrays.copyOf(whole, cut));
            int finalCut = cut;
            RecordedSegment.Recorder recorder = new RecordedSegment.Recorder();
            InputException failure = catchThrowableOfType(InputException.class,
                    () -> PcapFileSource.open(file).run(recorder));

            assertThat(recorder.segments).as("cut at %d", cut)
                    .hasSize((int) packetEnds.stream().filter(end -> end <= finalCut).count());
            if (blockStarts.contains(cut)) {
                assertThat(failure).as("cut at %d", cut).isNull();
            } else {
                int partial = blockStarts.stream().filter(start -> start < finalCut).mapToInt(Integer::intValue)
                        .max().orElseThrow();
                assertThat(failure).as("cut at %d", cut).hasMessage(file + ": truncated at byte offset " + partial);
            }
        }
    }

    @Test
    void blockLengthsThatCannotBeAreCorruption() throws Exception {
        CaptureFixtures.Pcapng fixture = new CaptureFixtures.Pcapng().section(ByteOrder.LITTLE_ENDIAN)
                .iface(LinkType.ETHERNET, 0, 9).enhanced(0, 1, ethernet(SYN, 1), 54);
        int offset = fixture.size();
        byte[] good = fixture.enhanced(0, 2, ethernet(SYN, 2), 54).bytes();

        assertCorrupt(withInt(good, offset + 4, 13), offset, "block length 13 is not a multiple of 4");
        assertCorrupt(withInt(good, offset + 4, 8), offset, "block length 8 is shorter than 12");
        assertCorrupt(withInt(good, offset + 4, 0x7FFF_FFF0), offset, "block length 2147483632 exceeds 1048576");
        assertCorrupt(withInt(good, good.length - 4, 200), offset,
                "block trailer length 200 differs from header length " + (good.length - offset));
        assertCorrupt(withInt(good, offset + 8, 5), offset, "packet of interface 5 but the section describes 1");
        assertCorrupt(withInt(good, offset + 20, 300_000), offset, "packet length 300000 exceeds 262144");
        assertCorrupt(withInt(good, offset + 20, 80), offset, "packet data of 80 bytes runs past the block");
        assertCorrupt(withInt(good, 8, 0x01020304), 0, "section header byte-order magic 0x04030201");
    }

    @Test
    void aSkippedBlockLongerThanTheFileIsTruncation() throws Exception {
        CaptureFixtures.Pcapng fixture = new CaptureFixtures.Pcapng().section(ByteOrder.LITTLE_ENDIAN)
                .iface(LinkType.ETHERNET, 0, 9);
        int offset = fixture.size();
        byte[] bytes = withInt(fixture.other(8).bytes(), offset + 4, 0x7FFF_FFF0);
        Path file = write(bytes);

        assertThatThrownBy(() -> read(file)).hasMessage(file + ": truncated at byte offset " + offset);
    }

    private void assertCorrupt(byte[] bytes, int offset, String reason) throws IOException {
        Path file = write(bytes);
        RecordedSegment.Recorder recorder = new RecordedSegment.Recorder();

        assertThatThrownBy(() -> PcapFileSource.open(file).run(recorder)).isInstanceOf(InputException.class)
                .hasMessage(file + ": corrupt pcap at byte offset " + offset + " (" + reason + ")");
        assertThat(recorder.segments).hasSize(offset == 0 ? 0 : 1);
    }

    private static byte[] withInt(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        ByteOrder order = copy[8] == 0x1A ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer.wrap(copy).order(order).putInt(at, value);
        return copy;
    }

    private int files;

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("f" + files++ + ".pcapng"), bytes);
    }

    private static List<RecordedSegment> read(Path file) throws InputException {
        RecordedSegment.Recorder recorder = new RecordedSegment.Recorder();
        PcapFileSource.open(file).run(recorder);
        return recorder.segments;
    }
}
