package tcptrace.capture;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static tcptrace.capture.HeaderLayout.*;

/**
 * Builds Ethernet + IPv4/IPv6 + TCP frames with correct lengths and checksums, for test fixtures and generated
 * benchmark captures. The IP version follows the addresses. {@link #omitPayload()} leaves the payload bytes out while
 * the headers still announce them, as a capture with a small snaplen does.
 */
public final class FrameBuilder {
    private static final byte[] DST_MAC = {0x02, 0, 0, 0, 0, 0x02};
    private static final byte[] SRC_MAC = {0x02, 0, 0, 0, 0, 0x01};
    private static final int TTL = 64;
    private static final int IPV4_DONT_FRAGMENT = 0x4000;
    private static final int IPV4_MORE_FRAGMENTS = 0x2000;
    private static final int IPV6_MORE_FRAGMENTS = 0x0001;

    private byte[] srcAddress = {10, 0, 0, 1};
    private byte[] dstAddress = {10, 0, 0, 2};
    private int srcPort = 40000;
    private int dstPort = 80;
    private long seq;
    private long ack;
    private int flags = TcpSegment.ACK;
    private int window = 65535;
    private byte[] payload = new byte[0];
    private boolean omitPayload;
    private byte[] tcpOptions = new byte[0];
    private int fragmentOffset;
    private boolean moreFragments;
    private final List<int[]> vlanTags = new ArrayList<>();
    private final List<int[]> ipv6Extensions = new ArrayList<>();

    public static FrameBuilder tcp() {
        return new FrameBuilder();
    }

    public FrameBuilder from(String ipLiteral, int port) {
        return from(parse(ipLiteral), port);
    }

    public FrameBuilder to(String ipLiteral, int port) {
        return to(parse(ipLiteral), port);
    }

    public FrameBuilder from(InetAddress address, int port) {
        srcAddress = address.getAddress();
        srcPort = port;
        return this;
    }

    public FrameBuilder to(InetAddress address, int port) {
        dstAddress = address.getAddress();
        dstPort = port;
        return this;
    }

    public FrameBuilder seq(long seq) {
        this.seq = seq;
        return this;
    }

    public FrameBuilder ack(long ack) {
        this.ack = ack;
        return this;
    }

    /** TCP flag bits, see {@link TcpSegment#FIN} and its siblings. */
    public FrameBuilder flags(int flags) {
        this.flags = flags;
        return this;
    }

    public FrameBuilder window(int window) {
        this.window = window;
        return this;
    }

    public FrameBuilder payload(byte[] payload) {
        this.payload = payload.clone();
        return this;
    }

    /** A payload of {@code length} bytes counting up from 0, so that checksums over it are not trivially zero. */
    public FrameBuilder payloadLength(int length) {
        payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) i;
        }
        return this;
    }

    public FrameBuilder omitPayload() {
        omitPayload = true;
        return this;
    }

    /** TCP options, padded with zeros (end of options) to a multiple of 4 bytes. */
    public FrameBuilder tcpOptions(byte[] options) {
        tcpOptions = Arrays.copyOf(options, (options.length + 3) & ~3);
        return this;
    }

    /** Adds an 802.1Q tag; the first one added is the outermost. */
    public FrameBuilder vlan(int vlanId) {
        return vlanTag(ETHERTYPE_VLAN, vlanId);
    }

    /** Adds a tag with the given tag protocol id (0x8100, 0x88A8 for an 802.1ad service tag). */
    public FrameBuilder vlanTag(int tagProtocolId, int vlanId) {
        vlanTags.add(new int[] {tagProtocolId, vlanId});
        return this;
    }

    /**
     * Adds an IPv6 extension header of the given protocol number and total length (a multiple of 8; 8 for a fragment
     * header), filled with padding; the first one added comes first.
     */
    public FrameBuilder ipv6Extension(int protocol, int length) {
        ipv6Extensions.add(new int[] {protocol, length});
        return this;
    }

    /** Fragment offset in 8-byte units, written to the IPv4 header or to the IPv6 fragment header. */
    public FrameBuilder fragment(int offsetUnits, boolean more) {
        fragmentOffset = offsetUnits;
        moreFragments = more;
        return this;
    }

    /** The frame with an Ethernet header (and VLAN tags). */
    public byte[] buildEthernet() {
        byte[] ip = buildIp();
        int linkLength = ETHERNET_HEADER_LENGTH + VLAN_TAG_LENGTH * vlanTags.size();
        byte[] frame = new byte[linkLength + ip.length];
        System.arraycopy(DST_MAC, 0, frame, ETHERNET_DST_OFFSET, DST_MAC.length);
        System.arraycopy(SRC_MAC, 0, frame, ETHERNET_SRC_OFFSET, SRC_MAC.length);
        int typeAt = ETHERNET_TYPE_OFFSET;
        for (int[] tag : vlanTags) {
            put16(frame, typeAt, tag[0]);
            put16(frame, typeAt + 2, tag[1] & 0x0FFF);
            typeAt += VLAN_TAG_LENGTH;
        }
        put16(frame, typeAt, isIpv4() ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6);
        System.arraycopy(ip, 0, frame, linkLength, ip.length);
        return frame;
    }

    /** The IP packet alone, as a raw-IP capture holds it. */
    public byte[] buildIp() {
        if (srcAddress.length != dstAddress.length) {
            throw new IllegalStateException("source and destination must both be IPv4 or both IPv6");
        }
        byte[] tcp = tcpSegment();
        byte[] packet = isIpv4() ? ipv4(tcp) : ipv6(tcp);
        return omitPayload ? Arrays.copyOf(packet, packet.length - payload.length) : packet;
    }

    private boolean isIpv4() {
        return srcAddress.length == IPV4_ADDRESS_LENGTH;
    }

    private byte[] tcpSegment() {
        int headerLength = TCP_MIN_HEADER_LENGTH + tcpOptions.length;
        byte[] tcp = new byte[headerLength + payload.length];
        put16(tcp, TCP_SRC_PORT_OFFSET, srcPort);
        put16(tcp, TCP_DST_PORT_OFFSET, dstPort);
        put32(tcp, TCP_SEQ_OFFSET, seq);
        put32(tcp, TCP_ACK_OFFSET, ack);
        tcp[TCP_DATA_OFFSET_OFFSET] = (byte) ((headerLength / 4) << 4);
        tcp[TCP_FLAGS_OFFSET] = (byte) flags;
        put16(tcp, TCP_WINDOW_OFFSET, window);
        System.arraycopy(tcpOptions, 0, tcp, TCP_MIN_HEADER_LENGTH, tcpOptions.length);
        System.arraycopy(payload, 0, tcp, headerLength, payload.length);
        put16(tcp, TCP_CHECKSUM_OFFSET, checksum(pseudoHeader(tcp.length), tcp));
        return tcp;
    }

    private byte[] pseudoHeader(int tcpLength) {
        int addressLength = srcAddress.length;
        byte[] pseudo = new byte[2 * addressLength + (isIpv4() ? 4 : 8)];
        System.arraycopy(srcAddress, 0, pseudo, 0, addressLength);
        System.arraycopy(dstAddress, 0, pseudo, addressLength, addressLength);
        int tail = 2 * addressLength;
        if (isIpv4()) {
            pseudo[tail + 1] = PROTO_TCP;
            put16(pseudo, tail + 2, tcpLength);
        } else {
            put32(pseudo, tail, tcpLength);
            pseudo[tail + 7] = PROTO_TCP;
        }
        return pseudo;
    }

    private byte[] ipv4(byte[] tcp) {
        byte[] packet = new byte[IPV4_MIN_HEADER_LENGTH + tcp.length];
        packet[IPV4_VERSION_IHL_OFFSET] = 0x45;
        put16(packet, IPV4_TOTAL_LENGTH_OFFSET, packet.length);
        put16(packet, IPV4_IDENTIFICATION_OFFSET, (int) seq);
        int fragmentField = fragmentOffset == 0 && !moreFragments
                ? IPV4_DONT_FRAGMENT
                : (moreFragments ? IPV4_MORE_FRAGMENTS : 0) | (fragmentOffset & IPV4_FRAGMENT_OFFSET_MASK);
        put16(packet, IPV4_FLAGS_FRAGMENT_OFFSET, fragmentField);
        packet[IPV4_TTL_OFFSET] = TTL;
        packet[IPV4_PROTOCOL_OFFSET] = PROTO_TCP;
        System.arraycopy(srcAddress, 0, packet, IPV4_SRC_OFFSET, IPV4_ADDRESS_LENGTH);
        System.arraycopy(dstAddress, 0, packet, IPV4_DST_OFFSET, IPV4_ADDRESS_LENGTH);
        put16(packet, IPV4_CHECKSUM_OFFSET, checksum(new byte[0], Arrays.copyOf(packet, IPV4_MIN_HEADER_LENGTH)));
        System.arraycopy(tcp, 0, packet, IPV4_MIN_HEADER_LENGTH, tcp.length);
        return packet;
    }

    private byte[] ipv6(byte[] tcp) {
        int extensionBytes = ipv6Extensions.stream().mapToInt(e -> e[1]).sum();
        byte[] packet = new byte[IPV6_HEADER_LENGTH + extensionBytes + tcp.length];
        packet[IPV6_VERSION_OFFSET] = 0x60;
        put16(packet, IPV6_PAYLOAD_LENGTH_OFFSET, extensionBytes + tcp.length);
        packet[IPV6_HOP_LIMIT_OFFSET] = TTL;
        System.arraycopy(srcAddress, 0, packet, IPV6_SRC_OFFSET, IPV6_ADDRESS_LENGTH);
        System.arraycopy(dstAddress, 0, packet, IPV6_DST_OFFSET, IPV6_ADDRESS_LENGTH);
        int nextHeaderAt = IPV6_NEXT_HEADER_OFFSET;
        int at = IPV6_HEADER_LENGTH;
        for (int[] extension : ipv6Extensions) {
            int protocol = extension[0];
            int length = extension[1];
            packet[nextHeaderAt] = (byte) protocol;
            if (protocol == PROTO_FRAGMENT) {
                put16(packet, at + IPV6_FRAGMENT_OFFSET_OFFSET,
                        (fragmentOffset << 3) | (moreFragments ? IPV6_MORE_FRAGMENTS : 0));
            } else if (protocol == PROTO_AUTHENTICATION) {
                packet[at + IPV6_EXT_LENGTH_OFFSET] = (byte) (length / 4 - 2);
            } else {
                packet[at + IPV6_EXT_LENGTH_OFFSET] = (byte) (length / 8 - 1);
                // A PadN option fills the body so that the header is well-formed.
                packet[at + 2] = 1;
                packet[at + 3] = (byte) (length - 4);
            }
            nextHeaderAt = at + IPV6_EXT_NEXT_HEADER_OFFSET;
            at += length;
        }
        packet[nextHeaderAt] = PROTO_TCP;
        System.arraycopy(tcp, 0, packet, at, tcp.length);
        return packet;
    }

    /** The Internet checksum (RFC 1071) over two byte runs taken as one. */
    private static int checksum(byte[] first, byte[] second) {
        long sum = sum16(first) + sum16(second);
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) ~sum & 0xFFFF;
    }

    private static long sum16(byte[] data) {
        long sum = 0;
        for (int i = 0; i + 1 < data.length; i += 2) {
            sum += u16(data, i);
        }
        if ((data.length & 1) != 0) {
            sum += (data[data.length - 1] & 0xFF) << 8;
        }
        return sum;
    }

    private static InetAddress parse(String ipLiteral) {
        if (!ipLiteral.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IP literal: " + ipLiteral);
        }
        try {
            return InetAddress.getByName(ipLiteral);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + ipLiteral, e);
        }
    }
}

