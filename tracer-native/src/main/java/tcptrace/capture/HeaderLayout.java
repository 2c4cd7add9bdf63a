package tcptrace.capture;

/** Byte offsets and sizes of the headers on the way to a TCP segment, shared by the decoder and the frame builder. */
final class HeaderLayout {
    static final int ETHERNET_DST_OFFSET = 0;
    static final int ETHERNET_SRC_OFFSET = 6;
    static final int ETHERNET_TYPE_OFFSET = 12;
    static final int ETHERNET_HEADER_LENGTH = 14;

    /** An 802.1Q/802.1ad tag: 2 bytes of tag control, then the next EtherType. */
    static final int VLAN_TAG_LENGTH = 4;
    static final int VLAN_NEXT_TYPE_OFFSET = 2;
    /** Deeper stacks than this are not a real network; stop rather than walk a crafted chain. */
    static final int MAX_VLAN_TAGS = 8;

    static final int SLL_PROTOCOL_OFFSET = 14;
    static final int SLL_HEADER_LENGTH = 16;
    static final int SLL2_PROTOCOL_OFFSET = 0;
    static final int SLL2_HEADER_LENGTH = 20;
    static final int LOOPBACK_HEADER_LENGTH = 4;

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    static final int ETHERTYPE_VLAN = 0x8100;
    static final int ETHERTYPE_QINQ = 0x88A8;
    /** Pre-standard QinQ outer tag, still emitted by some switches. */
    static final int ETHERTYPE_QINQ_LEGACY = 0x9100;

    /** Address families a loopback header can carry: Linux/BSD AF_INET and the AF_INET6 values of Linux, NetBSD/OpenBSD, FreeBSD and macOS. */
    static final int AF_INET = 2;
    static final int AF_INET6_LINUX = 10;
    static final int AF_INET6_NETBSD = 24;
    static final int AF_INET6_FREEBSD = 28;
    static final int AF_INET6_DARWIN = 30;

    static final int IPV4_VERSION_IHL_OFFSET = 0;
    static final int IPV4_TOTAL_LENGTH_OFFSET = 2;
    static final int IPV4_IDENTIFICATION_OFFSET = 4;
    static final int IPV4_FLAGS_FRAGMENT_OFFSET = 6;
    static final int IPV4_FRAGMENT_OFFSET_MASK = 0x1FFF;
    static final int IPV4_TTL_OFFSET = 8;
    static final int IPV4_PROTOCOL_OFFSET = 9;
    static final int IPV4_CHECKSUM_OFFSET = 10;
    static final int IPV4_SRC_OFFSET = 12;
    static final int IPV4_DST_OFFSET = 16;
    static final int IPV4_MIN_HEADER_LENGTH = 20;
    static final int IPV4_ADDRESS_LENGTH = 4;

    static final int IPV6_VERSION_OFFSET = 0;
    static final int IPV6_PAYLOAD_LENGTH_OFFSET = 4;
    static final int IPV6_NEXT_HEADER_OFFSET = 6;
    static final int IPV6_HOP_LIMIT_OFFSET = 7;
    static final int IPV6_SRC_OFFSET = 8;
    static final int IPV6_DST_OFFSET = 24;
    static final int IPV6_HEADER_LENGTH = 40;
    static final int IPV6_ADDRESS_LENGTH = 16;

    static final int IPV6_EXT_NEXT_HEADER_OFFSET = 0;
    static final int IPV6_EXT_LENGTH_OFFSET = 1;
    static final int IPV6_EXT_MIN_LENGTH = 8;
    static final int IPV6_FRAGMENT_OFFSET_OFFSET = 2;
    static final int IPV6_FRAGMENT_OFFSET_MASK = 0xFFF8;
    /** Beyond this many extension headers the packet is crafted, not routed. */
    static final int MAX_IPV6_EXTENSION_HEADERS = 16;

    static final int PROTO_HOP_BY_HOP = 0;
    static final int PROTO_TCP = 6;
    static final int PROTO_ROUTING = 43;
    static final int PROTO_FRAGMENT = 44;
    static final int PROTO_AUTHENTICATION = 51;
    static final int PROTO_DESTINATION_OPTIONS = 60;

    static final int TCP_SRC_PORT_OFFSET = 0;
    static final int TCP_DST_PORT_OFFSET = 2;
    static final int TCP_SEQ_OFFSET = 4;
    static final int TCP_ACK_OFFSET = 8;
    static final int TCP_DATA_OFFSET_OFFSET = 12;
    static final int TCP_FLAGS_OFFSET = 13;
    static final int TCP_WINDOW_OFFSET = 14;
    static final int TCP_CHECKSUM_OFFSET = 16;
    static final int TCP_MIN_HEADER_LENGTH = 20;

    private HeaderLayout() {
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void put32(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
