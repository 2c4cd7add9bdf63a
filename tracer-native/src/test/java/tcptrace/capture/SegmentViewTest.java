package tcptrace.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.PSH;
import static tcptrace.capture.TcpSegment.RST;
import static tcptrace.capture.TcpSegment.SYN;

class SegmentViewTest {
    private static final long TIME = 1_795_000_000_123_456_789L;
    private static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.RAW,
            LinkType.RAW_DLT_12, LinkType.RAW_DLT_14, LinkType.NULL, LinkType.LOOP};
    private static final String[][] ADDRESS_PAIRS = {{"192.0.2.7", "198.51.100.9"}, {"2001:db8::7", "2001:db8::1:9"}};

    private final SegmentView view = new SegmentView();

    static Stream<Arguments> linkTypesAndAddresses() {
        return Arrays.stream(LINK_TYPES).boxed()
                .flatMap(link -> Arrays.stream(ADDRESS_PAIRS).map(pair -> Arguments.of(link, pair[0], pair[1])));
    }

    private static FrameBuilder segment(String src, String dst) {
        return FrameBuilder.tcp().from(src, 43211).to(dst, 8080).seq(0xFFFF_FFF0L).ack(0x8000_0001L)
                .flags(FIN | ACK | PSH).window(501).payloadLength(300);
    }

    @ParameterizedTest(name = "link type {0}, {1} -> {2}")
    @MethodSource("linkTypesAndAddresses")
    void decodesEveryFieldOnEveryLinkType(int linkType, String src, String dst) throws Exception {
        byte[] frame = LinkFrames.frame(linkType, segment(src, dst).buildIp());

        assertThat(view.wrap(frame, 0, frame.length, linkType, TIME)).isTrue();

        assertDecoded(src, dst, 300);
    }

    @ParameterizedTest(name = "link type {0}, {1} -> {2}")
    @MethodSource("linkTypesAndAddresses")
    void payloadLengthComesFromIpHeaderWhenSnaplenCutThePayload(int linkType, String src, String dst)
            throws Exception {
        byte[] frame = LinkFrames.frame(linkType, segment(src, dst).omitPayload().buildIp());

        assertThat(view.wrap(frame, 0, frame.length, 96_000, linkType, TIME)).isTrue();

        assertDecoded(src, dst, 300);
    }

    private void assertDecoded(String src, String dst, int payloadLength) throws Exception {
        byte[] expectedSrc = InetAddress.getByName(src).getAddress();
        byte[] expectedDst = InetAddress.getByName(dst).getAddress();
        byte[] address = new byte[20];
        assertThat(view.addressLength()).isEqualTo(expectedSrc.length);
        view.srcAddress(address, 2);
        assertThat(Arrays.copyOfRange(address, 2, 2 + expectedSrc.length)).isEqualTo(expectedSrc);
        view.dstAddress(address, 0);
        assertThat(Arrays.copyOf(address, expectedDst.length)).isEqualTo(expectedDst);
        assertThat(view.srcPort()).isEqualTo(43211);
        assertThat(view.dstPort()).isEqualTo(8080);
        assertThat(view.seq()).isEqualTo(0xFFFF_FFF0L);
        assertThat(view.ack()).isEqualTo(0x8000_0001L);
        assertThat(view.flags()).isEqualTo(FIN | ACK | PSH);
        assertThat(view.isFin()).isTrue();
        assertThat(view.isAck()).isTrue();
        assertThat(view.isSyn()).isFalse();
        assertThat(view.isRst()).isFalse();
        assertThat(view.window()).isEqualTo(501);
        assertThat(view.payloadLength()).isEqualTo(payloadLength);
        assertThat(view.timeNanos()).isEqualTo(TIME);
    }

    @Test
    void decodesAFrameInTheMiddleOfALargerBuffer() {
        byte[] frame = FrameBuilder.tcp().flags(SYN).seq(77).buildEthernet();
        byte[] buffer = new byte[frame.length + 100];
        System.arraycopy(frame, 0, buffer, 37, frame.length);

        assertThat(view.wrap(buffer, 37, frame.length, LinkType.ETHERNET, TIME)).isTrue();
        assertThat(view.isSyn()).isTrue();
        assertThat(view.seq()).isEqualTo(77);
        assertThat(view.payloadLength()).isZero();
    }

    @Test
    void ethernetPaddingIsNotPayload() {
        byte[] frame = FrameBuilder.tcp().flags(RST).buildEthernet();
        byte[] padded = Arrays.copyOf(frame, 60);

        assertThat(frame.length).isLessThan(60);
        assertThat(view.wrap(padded, 0, padded.length, LinkType.ETHERNET, TIME)).isTrue();
        assertThat(view.isRst()).isTrue();
        assertThat(view.payloadLength()).isZero();
    }

    @Test
    void skipsVlanTags() {
        byte[] single = FrameBuilder.tcp().vlan(100).payloadLength(7).buildEthernet();
        byte[] qinq = FrameBuilder.tcp().vlanTag(0x88A8, 200).vlan(100).from("2001:db8::1", 5).to("2001:db8::2", 6)
                .payloadLength(9).buildEthernet();

        assertThat(view.wrap(single, 0, single.length, LinkType.ETHERNET, TIME)).isTrue();
        assertThat(view.payloadLength()).isEqualTo(7);
        assertThat(view.wrap(qinq, 0, qinq.length, LinkType.ETHERNET, TIME)).isTrue();
        assertThat(view.payloadLength()).isEqualTo(9);
        assertThat(view.srcPort()).isEqualTo(5);
        assertThat(view.addressLength()).isEqualTo(16);
    }

    @Test
    void tcpOptionsAreHeaderNotPayload() {
        byte[] timestamps = {1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2};
        byte[] frame = FrameBuilder.tcp().tcpOptions(timestamps).payloadLength(40).omitPayload().buildEthernet();

        assertThat(view.wrap(frame, 0, frame.length, LinkType.ETHERNET, TIME)).isTrue();
        assertThat(view.payloadLength()).isEqualTo(40);
        assertThat(view.dstPort()).isEqualTo(80);
    }

    @Test
    void ipv4OptionsMoveTheTcpHeader() {
        byte[] plain = FrameBuilder.tcp().from("10.1.1.1", 1111).to("10.2.2.2", 2222).payloadLength(10).buildIp();
        byte[] withOptions = new byte[plain.length + 8];
        System.arraycopy(plain, 0, withOptions, 0, 20);
        Arrays.fill(withOptions, 20, 28, (byte) 1); // NOP options
        System.arraycopy(plain, 20, withOptions, 28, plain.length - 20);
        withOptions[0] = 0x47;
        HeaderLayout.put16(withOptions, 2, withOptions.length);

        assertThat(view.wrap(withOptions, 0, withOptions.length, LinkType.RAW, TIME)).isTrue();
        assertThat(view.srcPort()).isEqualTo(1111);
        assertThat(view.dstPort()).isEqualTo(2222);
        assertThat(view.payloadLength()).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 43, 60, 51})
    void skipsEachIpv6ExtensionHeader(int protocol) {
        byte[] frame = FrameBuilder.tcp().from("2001:db8::1", 1).to("2001:db8::2", 2).ipv6Extension(protocol, 16)
                .payloadLength(33).omitPayload().buildEthernet();

        assertThat(view.wrap(frame, 0, frame.length, LinkType.ETHERNET, TIME)).isTrue();
        assertThat(view.dstPort()).isEqualTo(2);
        assertThat(view.payloadLength()).isEqualTo(33);
    }

    @Test
    void skipsAChainOfIpv6ExtensionHeadersUpToTheFirstFragment() {
        byte[] frame = FrameBuilder.tcp().from("2001:db8::1", 1).to("2001:db8::2", 2).flags(SYN)
                .ipv6Extension(0, 8).ipv6Extension(60, 24).ipv6Extension(43, 8).ipv6Extension(44, 8)
                .fragment(0, true).payloadLength(100).buildEthernet();

        assertThat(view.wrap(frame, 0, frame.length, LinkType.ETHERNET, TIME)).isTrue();
        assertThat(view.isSyn()).isTrue();
        assertThat(view.payloadLength()).isEqualTo(100);
    }

    @Test
    void laterFragmentsAreNotTcpHeaders() {
        byte[] v6 = FrameBuilder.tcp().from("2001:db8::1", 1).to("2001:db8::2", 2).ipv6Extension(44, 8)
                .fragment(185, false).buildEthernet();
        byte[] v4 = FrameBuilder.tcp().fragment(185, true).buildEthernet();

        assertThat(view.wrap(v6, 0, v6.length, LinkType.ETHERNET, TIME)).isFalse();
        assertThat(view.truncated()).isFalse();
        assertThat(view.wrap(v4, 0, v4.length, LinkType.ETHERNET, TIME)).isFalse();
        assertThat(view.truncated()).isFalse();
    }

    @Test
    void otherProtocolsAreSkippedNotTruncated() {
        byte[] udp = FrameBuilder.tcp().buildEthernet();
        udp[14 + 9] = 17;
        byte[] arp = FrameBuilder.tcp().buildEthernet();
        HeaderLayout.put16(arp, 12, 0x0806);
        byte[] v6NoNextHeader = FrameBuilder.tcp().from("::1", 1).to("::1", 2).buildEthernet();
        v6NoNextHeader[14 + 6] = 59;

        for (byte[] frame : new byte[][] {udp, arp, v6NoNextHeader}) {
            assertThat(view.wrap(frame, 0, frame.length, LinkType.ETHERNET, TIME)).isFalse();
            assertThat(view.truncated()).isFalse();
        }
        byte[] ok = FrameBuilder.tcp().buildEthernet();
        assertThat(view.wrap(ok, 0, ok.length, 147, TIME)).as("a link type without IP").isFalse();
        assertThat(view.wrap(LinkFrames.bigEndianNull(7, FrameBuilder.tcp().buildIp()), 0, 44, LinkType.NULL, TIME))
                .as("an address family without IP").isFalse();
    }

    @Test
    void bigEndianNullHeaderIsReadToo() {
        byte[] frame = LinkFrames.bigEndianNull(30, FrameBuilder.tcp().from("::1", 9).to("::2", 10).buildIp());

        assertThat(view.wrap(frame, 0, frame.length, LinkType.NULL, TIME)).isTrue();
        assertThat(view.dstPort()).isEqualTo(10);
    }

    @ParameterizedTest(name = "link type {0}, {1} -> {2}")
    @MethodSource("linkTypesAndAddresses")
    void everyCutInsideTheHeadersIsTruncated(int linkType, String src, String dst) {
        byte[] frame = LinkFrames.frame(linkType, segment(src, dst).omitPayload().buildIp());

        for (int length = 0; length < frame.length; length++) {
            assertThat(view.wrap(frame, 0, length, linkType, TIME)).as("cut at %d", length).isFalse();
            assertThat(view.truncated()).as("cut at %d", length).isTrue();
        }
        assertThat(view.wrap(frame, 0, frame.length, linkType, TIME)).isTrue();
    }

    @Test
    void zeroIpv4TotalLengthFromSegmentationOffloadUsesTheWireLength() {
        byte[] frame = FrameBuilder.tcp().payloadLength(70_000 - 54).omitPayload().buildEthernet();
        HeaderLayout.put16(frame, 14 + 2, 0);

        assertThat(view.wrap(frame, 0, frame.length, 70_000, LinkType.ETHERNET, TIME)).isTrue();
        assertThat(view.payloadLength()).isEqualTo(70_000 - 54);
    }

    @Test
    void ipLengthsShorterThanTheHeadersAreNotTcp() {
        byte[] frame = FrameBuilder.tcp().buildEthernet();
        HeaderLayout.put16(frame, 14 + 2, 30);

        assertThat(view.wrap(frame, 0, frame.length, LinkType.ETHERNET, TIME)).isFalse();
        assertThat(view.truncated()).isFalse();
    }

    @Test
    void outOfRangeArgumentsAreRejectedWithoutThrowing() {
        byte[] frame = FrameBuilder.tcp().buildEthernet();

        assertThat(view.wrap(null, 0, 10, LinkType.ETHERNET, TIME)).isFalse();
        assertThat(view.wrap(frame, -1, 10, LinkType.ETHERNET, TIME)).isFalse();
        assertThat(view.wrap(frame, 10, frame.length, LinkType.ETHERNET, TIME)).isFalse();
        assertThat(view.wrap(frame, 0, -5, LinkType.ETHERNET, TIME)).isFalse();
        assertThat(view.wrap(frame, Integer.MAX_VALUE, 10, LinkType.ETHERNET, TIME)).isFalse();
    }
}
