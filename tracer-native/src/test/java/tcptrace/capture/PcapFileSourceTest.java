package tcptrace.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tcptrace.InputException;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.PSH;
import static tcptrace.capture.TcpSegment.SYN;

class PcapFileSourceTest {
    private static final long T0 = 1_795_000_000_000_000_000L;

    @TempDir
    Path dir;

    private static byte[] syn() {
        return FrameBuilder.tcp().from("10.0.0.1", 40000).to("10.0.0.2", 80).flags(SYN).seq(100).buildEthernet();
    }

    private static byte[] data() {
        return FrameBuilder.tcp().from("10.0.0.1", 40000).to("10.0.0.2", 80).flags(PSH | ACK).seq(101).ack(7)
                .payloadLength(1000).buildEthernet();
    }

    private static byte[] fin() {
        return FrameBuilder.tcp().from("10.0.0.2", 80).to("10.0.0.1", 40000).flags(FIN | ACK).seq(7).ack(1101)
                .buildEthernet();
    }

    private static byte[] udp() {
        byte[] frame = FrameBuilder.tcp().buildEthernet();
        frame[14 + 9] = 17;
        return frame;
    }

    @Test
    void readsBackWhatPcapFileWriterWrote() throws Exception {
        Path file = dir.resolve("w.pcap");
        try (PcapFileWriter writer = PcapFileWriter.create(file, LinkType.ETHERNET, 96)) {
            writer.write(T0 + 1, syn());
            writer.write(T0 + 2_000_000_123L, data());
            writer.write(T0 + 3, udp());
            writer.write(T0 + 4, fin(), 0, 30, fin().length);
            writer.write(T0 + 5, fin());
        }
        RecordedSegment.Recorder recorder = new RecordedSegment.Recorder();

        CaptureStats stats = PcapFileSource.open(file).run(recorder);

        assertThat(stats).isEqualTo(new CaptureStats(5, 3, 1, 1, 0, 0));
        List<RecordedSegment> seen = recorder.segments;
        assertThat(seen).extracting(RecordedSegment::timeNanos).containsExactly(T0 + 1, T0 + 2_000_000_123L, T0 + 5);
        assertThat(seen).extracting(RecordedSegment::flags).containsExactly(SYN, PSH | ACK, FIN | ACK);
        assertThat(seen.get(1).payloadLength()).as("cut to 96 bytes by the snaplen").isEqualTo(1000);
        assertThat(seen.get(1).seq()).isEqualTo(101);
        assertThat(seen.get(2).srcPort()).isEqualTo(80);
        assertThat(seen.get(2).src().getHostAddress()).isEqualTo("10.0.0.2");
        assertThat(Files.size(file)).as("header, 5 records, the data frame cut to 96 bytes")
                .isEqualTo(24 + 5 * 16 + syn().length + 96 + udp().length + 30 + fin().length);
    }

    @ParameterizedTest(name = "{0}, nanoseconds: {1}")
    @CsvSource({"BIG_ENDIAN, false", "BIG_ENDIAN, true", "LITTLE_ENDIAN, false", "LITTLE_ENDIAN, true"})
    void readsClassicPcapInEveryByteOrderAndPrecision(String order, boolean nanos) throws Exception {
        byte[] raw = FrameBuilder.tcp().from("2001:db8::1", 1).to("2001:db8::2", 2).flags(SYN).buildIp();
        byte[] bytes = new CaptureFixtures.Classic(byteOrder(order), nanos, LinkType.RAW)
                .record(T0 + 123_456_789L, raw).record(T0 + 2_000_000_000L, raw).bytes();

        List<RecordedSegment> seen = read(write("c.pcap", bytes));

        long expectedFraction = nanos ? 123_456_789L : 123_456_000L;
        assertThat(seen).extracting(RecordedSegment::timeNanos)
                .containsExactly(T0 + expectedFraction, T0 + 2_000_000_000L);
        assertThat(seen).allSatisfy(s -> assertThat(s.dstPort()).isEqualTo(2));
    }

    @Test
    void truncationAtEveryByteOffsetDeliversCompleteRecordsThenNamesTheOffset() throws Exception {
        CaptureFixtures.Classic fixture = new CaptureFixtures.Classic(ByteOrder.LITTLE_ENDIAN, true,
                LinkType.ETHERNET);
        List<Integer> recordStarts = new ArrayList<>();
        List<Integer> recordEnds = new ArrayList<>();
        for (byte[] frame : List.of(syn(), data(), fin())) {
            recordStarts.add(fixture.size());
            fixture.record(T0, frame);
            recordEnds.add(fixture.size());
        }
        byte[] whole = fixture.bytes();

        for (int cut = 4; cut < whole.length; cut++) {
            Path file = write("cut" + cut + ".pcap", Arrays.copyOf(whole, cut));
            int finalCut = cut;
            long complete = recordEnds.stream().filter(end -> end <= finalCut).count();
            boolean atBoundary = cut == 24 || recordStarts.contains(cut);
            RecordedSegment.Recorder recorder = new RecordedSegment.Recorder();
            InputException failure = catchThrowableOfType(InputException.class,
                    () -> PcapFileSource.open(file).run(recorder));

            assertThat(recorder.segments).as("cut at %d", cut).hasSize((int) complete);
            if (atBoundary) {
                assertThat(failure).as("cut at %d", cut).isNull();
            } else {
                long partialStart = cut < 24 ? 0 : recordStarts.stream().filter(s -> s < finalCut)
                        .mapToInt(Integer::intValue).max().orElseThrow();
                assertThat(failure).as("cut at %d", cut)
                        .hasMessage(file + ": truncated at byte offset " + partialStart);
            }
        }
    }

    @Test
    void anAbsurdRecordLengthIsCorruptionAfterTheGoodRecords() throws Exception {
        CaptureFixtures.Classic fixture = new CaptureFixtures.Classic(ByteOrder.BIG_ENDIAN, false, LinkType.ETHERNET)
                .record(T0, syn());
        int badOffset = fixture.size();
        byte[] bytes = fixture.record(T0, new byte[0], 300_000, 300_000).record(T0, fin()).bytes();
        Path file = write("bad.pcap", bytes);
        RecordedSegment.Recorder recorder = new RecordedSegment.Recorder();

        assertThatThrownBy(() -> PcapFileSource.open(file).run(recorder)).isInstanceOf(InputException.class)
                .hasMessage(file + ": corrupt pcap at byte offset " + badOffset
                        + " (record length 300000 exceeds 262144)");
        assertThat(recorder.segments).hasSize(1);
    }

    @Test
    void aTimestampFractionOutOfRangeIsCorruption() throws Exception {
        byte[] bytes = new CaptureFixtures.Classic(ByteOrder.LITTLE_ENDIAN, false, LinkType.ETHERNET)
                .record(T0, syn()).bytes();
        bytes[24 + 4] = (byte) 0xFF;
        bytes[24 + 5] = (byte) 0xFF;
        bytes[24 + 6] = (byte) 0xFF;

        assertThatThrownBy(() -> PcapFileSource.open(write("ts.pcap", bytes)).run(s -> { }))
                .hasMessageContaining("corrupt pcap at byte offset 24 (timestamp fraction");
    }

    @Test
    void garbageEmptyShortMissingAndDirectoryAreOneLineErrors() throws Exception {
        Path garbage = write("garbage.pcap", "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
        Path empty = write("empty.pcap", new byte[0]);
        Path shortFile = write("short.pcap", new byte[] {(byte) 0xD4, (byte) 0xC3});
        Path missing = dir.resolve("missing.pcap");

        assertThatThrownBy(() -> PcapFileSource.open(garbage))
                .hasMessage(garbage + ": not a pcap or pcapng file (starts with 0x47455420)");
        assertThatThrownBy(() -> PcapFileSource.open(empty))
                .hasMessage(empty + ": not a pcap or pcapng file (empty file)");
        assertThatThrownBy(() -> PcapFileSource.open(shortFile))
                .hasMessage(shortFile + ": not a pcap or pcapng file (only 2 bytes)");
        assertThatThrownBy(() -> PcapFileSource.open(missing)).hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> PcapFileSource.open(dir)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(dir + ": cannot read").hasMessageNotContaining("\n");
    }

    @Test
    void closeFromTheListenerStopsAfterTheCurrentRecord() throws Exception {
        Path file = dir.resolve("many.pcap");
        try (PcapFileWriter writer = PcapFileWriter.create(file, LinkType.ETHERNET, 128)) {
            for (int i = 0; i < 100; i++) {
                writer.write(T0 + i, syn());
            }
        }
        PcapFileSource source = PcapFileSource.open(file);
        RecordedSegment.Recorder recorder = new RecordedSegment.Recorder();

        CaptureStats stats = source.run(segment -> {
            recorder.onSegment(segment);
            if (recorder.segments.size() == 10) {
                source.close();
            }
        });

        assertThat(recorder.segments).hasSize(10);
        assertThat(stats.frames()).isEqualTo(10);
    }

    @Test
    void readsAFileLargerThanTheReadBuffer() throws Exception {
        Path file = dir.resolve("large.pcap");
        int count = 3 * CaptureFileInput.CAPACITY / 1000;
        try (PcapFileWriter writer = PcapFileWriter.create(file, LinkType.ETHERNET, 1500)) {
            for (int i = 0; i < count; i++) {
                byte[] frame = FrameBuilder.tcp().seq(i).payloadLength(i % 1400).buildEthernet();
                writer.write(T0 + i, frame);
            }
        }
        RecordedSegment.Recorder recorder = new RecordedSegment.Recorder();

        CaptureStats stats = PcapFileSource.open(file).run(recorder);

        assertThat(stats.tcpSegments()).isEqualTo(count);
        assertThat(recorder.segments).extracting(RecordedSegment::seq)
                .isEqualTo(java.util.stream.LongStream.range(0, count).boxed().collect(Collectors.toList()));
        assertThat(recorder.segments).extracting(RecordedSegment::payloadLength)
                .allSatisfy(length -> assertThat(length).isLessThan(1400));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static List<RecordedSegment> read(Path file) throws InputException {
        RecordedSegment.Recorder recorder = new RecordedSegment.Recorder();
        PcapFileSource.open(file).run(recorder);
        return recorder.segments;
    }

    private static ByteOrder byteOrder(String name) {
        return "BIG_ENDIAN".equals(name) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }
}
