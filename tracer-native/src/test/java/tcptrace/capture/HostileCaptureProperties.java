package tcptrace.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import tcptrace.InputException;

/**
 * Capture files and frames built to hurt the reader (lengths that lie, huge counts, option loops, zero-length
 * blocks, records longer than the file, header fields at their extremes): each ends in a clean result or one
 * {@link InputException} line, in bounded time and memory, never in any other exception.
 */
class HostileCaptureProperties {
    private static final Duration CASE_TIMEOUT = Duration.ofSeconds(10);
    /** The reader's own buffer is 1 MiB; anything beyond a few times that would grow with the lies in the file. */
    private static final long MAX_ALLOCATED_BYTES = 8L << 20;
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hostile-capture");
        t.setDaemon(true);
        return t;
    });
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final int[] LIES = {0, 1, 3, 4, 8, 12, 16, 20, 28, 32, 0x7FFF_FFFC, 0xFFFF_FFFC, 0xFFFF_FFFF,
            PcapFormat.MAX_CAPTURED_LENGTH, PcapFormat.MAX_CAPTURED_LENGTH + 1, CaptureFileInput.CAPACITY,
            CaptureFileInput.CAPACITY + 4};

    @AfterContainer
    static void stopRunner() {
        RUNNER.shutdownNow();
    }

    /** A 32-bit field: the true value, or a lie. */
    private static Arbitrary<Integer> field(int truth) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(truth)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(LIES[0], LIES[1], LIES[2], LIES[3], LIES[4], LIES[5],
                        LIES[6], LIES[7], LIES[8], LIES[9], LIES[10], LIES[11], LIES[12], LIES[13], LIES[14],
                        LIES[15], LIES[16])),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers()));
    }

    private static Arbitrary<byte[]> frames() {
        Arbitrary<byte[]> real = Arbitraries.of(true, false).map(v6 -> FrameBuilder.tcp()
                .from(v6 ? "2001:db8::1" : "10.0.0.1", 40000).to(v6 ? "2001:db8::2" : "10.0.0.2", 80)
                .payloadLength(20).buildEthernet());
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
        return Arbitraries.oneOf(real, noise);
    }

    // ---- pcapng ----

    record Block(int type, byte[] body, int declaredLength, int trailer) {
    }

    @Provide
    Arbitrary<Block> blocks() {
        Arbitrary<Integer> types = Arbitraries.of(PcapFormat.BLOCK_SECTION_HEADER, PcapFormat.BLOCK_INTERFACE_DESCRIPTION,
                PcapFormat.BLOCK_ENHANCED_PACKET, PcapFormat.BLOCK_SIMPLE_PACKET, PcapFormat.BLOCK_OBSOLETE_PACKET,
                0, 4, 0x8000_0001);
        return types.flatMap(type -> bodies(type).flatMap(body -> {
            int truth = 12 + body.length;
            return Combinators.combine(field(truth), field(truth))
                    .as((declared, trailer) -> new Block(type, body, declared, trailer));
        }));
    }

    /** A body shaped like the block type's (with lying fields of its own) or plain noise. */
    private static Arbitrary<byte[]> bodies(int type) {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(HostileCaptureProperties::pad);
        Arbitrary<byte[]> shaped = switch (type) {
            case PcapFormat.BLOCK_SECTION_HEADER -> Combinators.combine(
                    Arbitraries.of(PcapFormat.BYTE_ORDER_MAGIC, Integer.reverseBytes(PcapFormat.BYTE_ORDER_MAGIC), 0),
                    Arbitraries.of(1, 2, 0xFFFF)).as((magic, major) -> ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(magic).putShort((short) (int) major).putShort((short) 0).putLong(-1).array());
            case PcapFormat.BLOCK_INTERFACE_DESCRIPTION -> Combinators.combine(
                    Arbitraries.of(LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL, 0xFFFF),
                    Arbitraries.integers().between(0, 400), field(4), Arbitraries.of(9, 14, 2, 0, 0xFFFF),
                    Arbitraries.bytes()).as((link, repeats, optionLength, code, value) -> {
                        // the same option again and again: a loop for a reader that does not advance
                        ByteBuffer b = ByteBuffer.allocate(8 + repeats * 8 + 4).order(ByteOrder.LITTLE_ENDIAN)
                                .putShort((short) (int) link).putShort((short) 0).putInt(65535);
                        for (int i = 0; i < repeats; i++) {
                            b.putShort((short) (int) code).putShort((short) (int) optionLength).put(value)
                                    .put(new byte[3]);
                        }
                        return b.putInt(0).array();
                    });
            case PcapFormat.BLOCK_ENHANCED_PACKET, PcapFormat.BLOCK_OBSOLETE_PACKET -> Combinators.combine(
                    Arbitraries.of(0, 1, 7, 0xFFFF, 0xFFFF_FFFF), frames(), field(54), field(54))
                    .as((iface, frame, captured, wire) -> pad(ByteBuffer.allocate(20 + frame.length)
                            .order(ByteOrder.LITTLE_ENDIAN).putInt(iface).putInt(0).putInt(1).putInt(captured)
                            .putInt(wire).put(frame).array()));
            case PcapFormat.BLOCK_SIMPLE_PACKET -> Combinators.combine(frames(), field(54))
                    .as((frame, wire) -> pad(ByteBuffer.allocate(4 + frame.length).order(ByteOrder.LITTLE_ENDIAN)
                            .putInt(wire).put(frame).array()));
            default -> noise;
        };
        return Arbitraries.oneOf(shaped, shaped, noise);
    }

    @Property(tries = 500)
    void hostilePcapngEndsInOneLineInBoundedTimeAndMemory(
            @ForAll("blocks") Block first, @ForAll("blockLists") List<Block> rest, @ForAll boolean sectionFirst)
            throws Exception {
        ByteBuffer out = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        if (sectionFirst) {
            put(out, new Block(PcapFormat.BLOCK_SECTION_HEADER, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(PcapFormat.BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1).array(),
                    28, 28));
            put(out, new Block(PcapFormat.BLOCK_INTERFACE_DESCRIPTION, ByteBuffer.allocate(12)
                    .order(ByteOrder.LITTLE_ENDIAN).putShort((short) LinkType.ETHERNET).putShort((short) 0)
                    .putInt(65535).putInt(0).array(), 24, 24));
        }
        put(out, first);
        for (Block b : rest) {
            put(out, b);
        }
        readHostile(java.util.Arrays.copyOf(out.array(), out.position()), ".pcapng");
    }

    @Provide
    Arbitrary<List<Block>> blockLists() {
        return blocks().list().ofMaxSize(12);
    }

    private static void put(ByteBuffer out, Block b) {
        out.putInt(b.type()).putInt(b.declaredLength()).put(b.body()).putInt(b.trailer());
    }

    // ---- classic pcap ----

    record ClassicRecord(int seconds, int fraction, int captured, int wire, byte[] data) {
    }

    @Provide
    Arbitrary<ClassicRecord> classicRecords() {
        return frames().flatMap(frame -> Combinators.combine(Arbitraries.integers(),
                Arbitraries.of(0, 999_999, 1_000_000, 999_999_999, 1_000_000_000, -1),
                field(frame.length), field(frame.length))
                .as((s, f, captured, wire) -> new ClassicRecord(s, f, captured, wire, frame)));
    }

    @Property(tries = 500)
    void hostileClassicPcapEndsInOneLineInBoundedTimeAndMemory(
            @ForAll boolean bigEndian, @ForAll boolean nanos,
            @ForAll("linkTypes") int linkType, @ForAll("snaplens") int snaplen,
            @ForAll("classicRecordLists") List<ClassicRecord> records) throws Exception {
        ByteBuffer out = ByteBuffer.allocate(1 << 20).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        out.putInt(nanos ? PcapFormat.MAGIC_NANOS : PcapFormat.MAGIC_MICROS).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(snaplen).putInt(linkType);
        for (ClassicRecord r : records) {
            out.putInt(r.seconds()).putInt(r.fraction()).putInt(r.captured()).putInt(r.wire()).put(r.data());
        }
        readHostile(java.util.Arrays.copyOf(out.array(), out.position()), ".pcap");
    }

    @Provide
    Arbitrary<List<ClassicRecord>> classicRecordLists() {
        return classicRecords().list().ofMaxSize(10);
    }

    @Provide
    Arbitrary<Integer> linkTypes() {
        return Arbitraries.of(LinkType.NULL, LinkType.ETHERNET, LinkType.RAW, LinkType.LOOP, LinkType.LINUX_SLL,
                LinkType.LINUX_SLL2, LinkType.RAW_DLT_12, 0xFFFF, -1, 0x1234_0001);
    }

    @Provide
    Arbitrary<Integer> snaplens() {
        return Arbitraries.of(0, 1, 65535, 262144, -1);
    }

    /** Reads {@code bytes} as a capture file on a thread of its own: bounded time, bounded allocation, one line. */
    private static void readHostile(byte[] bytes, String suffix) throws Exception {
        Path file = Files.createTempFile("hostile", suffix);
        try {
            Files.write(file, bytes);
            Future<Long> allocated = RUNNER.submit(() -> {
                long tid = Thread.currentThread().getId();
                long before = THREADS.getThreadAllocatedBytes(tid);
                try (PcapFileSource source = PcapFileSource.open(file)) {
                    source.run(segment -> assertThat(segment.payloadLength()).isNotNegative());
                } catch (InputException e) {
                    assertThat(e.getMessage()).startsWith(file.toString()).doesNotContain("\n");
                }
                return THREADS.getThreadAllocatedBytes(tid) - before;
            });
            try {
                assertThat(allocated.get(CASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                        .as("bytes allocated reading a %d-byte file", bytes.length)
                        .isLessThan(MAX_ALLOCATED_BYTES + 4L * bytes.length);
            } catch (TimeoutException hang) {
                allocated.cancel(true);
                fail("reading a " + bytes.length + "-byte hostile file took longer than " + CASE_TIMEOUT);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError("reading a hostile capture threw " + e.getCause(), e.getCause());
            }
        } finally {
            Files.delete(file);
        }
    }

    private static byte[] pad(byte[] b) {
        return java.util.Arrays.copyOf(b, (b.length + 3) & ~3);
    }

    // ---- the decoder ----

    private static final int MAX_IP_LENGTH = 65535;
    private static final byte[] HOSTILE_BYTES = {0x00, (byte) 0xFF, 0x0F, (byte) 0xF0, 0x45, 0x4F, 0x40, 0x60, 0x06,
            0x2C, 0x3B, 0x3C, 0x11, (byte) 0x81, 0x00, (byte) 0x86, (byte) 0xDD, 0x08, 0x50, (byte) 0xF5};

    /**
     * Header fields overwritten with values that mean something to the decoder (IHL and data offset nibbles, IP
     * versions, protocol and next-header numbers, VLAN and EtherType bytes), the frame cut anywhere, the wire length
     * lying; plus an IPv6 extension chain as long as the frame. wrap never throws and a decoded segment has sane
     * lengths.
     */
    @Property(tries = 3000)
    void hostileHeaderFieldsNeverBreakTheDecoder(@ForAll("linkTypes") int linkType, @ForAll boolean v6,
                                                 @ForAll("positions") List<Integer> positions,
                                                 @ForAll("hostileBytes") List<Byte> values,
                                                 @ForAll("cuts") int cut, @ForAll int wire,
                                                 @ForAll boolean extensionChain) {
        byte[] frame = extensionChain ? extensionChain(2000)
                : FrameBuilder.tcp().from(v6 ? "2001:db8::1" : "10.0.0.1", 1).to(v6 ? "2001:db8::2" : "10.0.0.2", 2)
                .payloadLength(40).buildEthernet();
        for (int i = 0; i < Math.min(positions.size(), values.size()); i++) {
            frame[positions.get(i) % frame.length] = values.get(i);
        }
        int captured = Math.min(frame.length, cut);
        SegmentView view = new SegmentView();
        if (view.wrap(frame, 0, captured, wire, extensionChain ? LinkType.ETHERNET : linkType, 1L)) {
            // the IP header's length field rules (captures cut to headers are normal), or the wire length
            assertThat(view.payloadLength()).isBetween(0, Math.max(MAX_IP_LENGTH, wire));
            assertThat(view.srcPort()).isBetween(0, 65535);
            assertThat(view.addressLength()).isIn(4, 16);
        }
    }

    @Provide
    Arbitrary<List<Integer>> positions() {
        return Arbitraries.integers().between(0, 120).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Byte>> hostileBytes() {
        return Arbitraries.of(HOSTILE_BYTES[0], HOSTILE_BYTES[1], HOSTILE_BYTES[2], HOSTILE_BYTES[3], HOSTILE_BYTES[4],
                HOSTILE_BYTES[5], HOSTILE_BYTES[6], HOSTILE_BYTES[7], HOSTILE_BYTES[8], HOSTILE_BYTES[9],
                HOSTILE_BYTES[10], HOSTILE_BYTES[11], HOSTILE_BYTES[12], HOSTILE_BYTES[13], HOSTILE_BYTES[14],
                HOSTILE_BYTES[15], HOSTILE_BYTES[16], HOSTILE_BYTES[17], HOSTILE_BYTES[18], HOSTILE_BYTES[19])
                .list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 120), Arbitraries.just(Integer.MAX_VALUE));
    }

    /** Ethernet, IPv6, then hop-by-hop options headers of 8 bytes each, each naming another, to the end. */
    private static byte[] extensionChain(int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put(new byte[12]).putShort((short) 0x86DD);
        b.putInt(0x6000_0000).putShort((short) (length - 54)).put((byte) 0).put((byte) 64).put(new byte[32]);
        while (b.remaining() >= 8) {
            b.put((byte) 0).put((byte) 0).put(new byte[6]);
        }
        return b.array();
    }
}
