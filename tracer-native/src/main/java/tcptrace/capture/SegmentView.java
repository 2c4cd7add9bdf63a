package tcptrace.capture;

import static tcptrace.capture.HeaderLayout.*;

/**
 * Decodes a captured frame in place, gopacket-style: {@link #wrap} points this one reused object at the bytes and
 * checks that they hold a TCP segment; the accessors then read fields straight from the frame. Nothing is copied or
 * allocated per packet, and no input, however damaged, makes it throw.
 */
public final class SegmentView implements TcpSegment {
    private static final int DECODED = 0;
    private static final int NOT_TCP = 1;
    private static final int TRUNCATED = 2;

    private byte[] frame;
    private long timeNanos;
    private int addressLength;
    private int srcAddressOffset;
    private int dstAddressOffset;
    private int tcpOffset;
    private int payloadLength;
    private boolean truncated;

    /** Scratch results of the link-layer step: where the IP header starts and which version it must be. */
    private int ipOffset;
    private int ipVersion;

    /**
     * Points this view at a frame whose wire length equals what was captured.
     *
     * @see #wrap(byte[], int, int, int, int, long)
     */
    public boolean wrap(byte[] frame, int offset, int length, int linkType, long timeNanos) {
        return wrap(frame, offset, length, length, linkType, timeNanos);
    }

    /**
     * Points this view at a frame.
     *
     * @param capturedLength bytes of the frame present in {@code frame}
     * @param wireLength     length of the frame on the wire (pcap's orig_len); only used when the IP header leaves its
     *                       length to the link (IPv4 total length 0 from segmentation offload, IPv6 jumbograms)
     * @return true if the frame holds a TCP segment whose fixed header was captured; false otherwise, and then
     * {@link #truncated()} tells whether the headers were cut short or the frame is simply not TCP
     */
    public boolean wrap(byte[] frame, int offset, int capturedLength, int wireLength, int linkType, long timeNanos) {
        this.frame = frame;
        this.timeNanos = timeNanos;
        int status = decode(frame, offset, capturedLength, Math.max(wireLength, capturedLength), linkType);
        truncated = status == TRUNCATED;
        return status == DECODED;
    }

    /** Why the last {@link #wrap} returned false: true if the frame ended before the headers it announced. */
    public boolean truncated() {
        return truncated;
    }

    private int decode(byte[] b, int offset, int captured, int wire, int linkType) {
        if (b == null || offset < 0 || captured < 0 || offset > b.length - captured) {
            return TRUNCATED;
        }
        int end = offset + captured;
        int status = decodeLink(b, offset, end, linkType);
        if (status != DECODED) {
            return status;
        }
        int linkBytes = ipOffset - offset;
        return ipVersion == 4
                ? decodeIpv4(b, ipOffset, end, wire - linkBytes)
                : decodeIpv6(b, ipOffset, end, wire - linkBytes);
    }

    private int decodeLink(byte[] b, int offset, int end, int linkType) {
        switch (linkType) {
            case LinkType.ETHERNET:
                if (end - offset < ETHERNET_HEADER_LENGTH) {
                    return TRUNCATED;
                }
                return etherType(b, u16(b, offset + ETHERNET_TYPE_OFFSET), offset + ETHERNET_HEADER_LENGTH, end);
            case LinkType.LINUX_SLL:
                if (end - offset < SLL_HEADER_LENGTH) {
                    return TRUNCATED;
                }
                return etherType(b, u16(b, offset + SLL_PROTOCOL_OFFSET), offset + SLL_HEADER_LENGTH, end);
            case LinkType.LINUX_SLL2:
                if (end - offset < SLL2_HEADER_LENGTH) {
                    return TRUNCATED;
                }
                return etherType(b, u16(b, offset + SLL2_PROTOCOL_OFFSET), offset + SLL2_HEADER_LENGTH, end);
            case LinkType.NULL:
            case LinkType.LOOP:
                if (end - offset < LOOPBACK_HEADER_LENGTH) {
                    return TRUNCATED;
                }
                return addressFamily(loopbackFamily(b, offset, linkType == LinkType.LOOP), offset + LOOPBACK_HEADER_LENGTH);
            case LinkType.RAW:
            case LinkType.RAW_DLT_12:
            case LinkType.RAW_DLT_14:
                if (end - offset < 1) {
                    return TRUNCATED;
                }
                return ipByVersion((b[offset] & 0xFF) >>> 4, offset);
            default:
                return NOT_TCP;
        }
    }

    private int etherType(byte[] b, int type, int next, int end) {
        for (int tags = 0; isVlanTag(type); tags++) {
            if (tags == MAX_VLAN_TAGS) {
                return NOT_TCP;
            }
            if (end - next < VLAN_TAG_LENGTH) {
                return TRUNCATED;
            }
            type = u16(b, next + VLAN_NEXT_TYPE_OFFSET);
            next += VLAN_TAG_LENGTH;
        }
        if (type == ETHERTYPE_IPV4) {
            return ip(4, next);
        }
        if (type == ETHERTYPE_IPV6) {
            return ip(6, next);
        }
        return NOT_TCP;
    }

    private static boolean isVlanTag(int type) {
        return type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_LEGACY;
    }

    /** NULL stores the family in the capturing host's byte order; no family value has a non-zero high half. */
    private static int loopbackFamily(byte[] b, int offset, boolean alwaysBigEndian) {
        int bigEndian = (int) u32(b, offset);
        if (alwaysBigEndian || (bigEndian & 0xFFFF0000) == 0) {
            return bigEndian;
        }
        return Integer.reverseBytes(bigEndian);
    }

    private int addressFamily(int family, int next) {
        switch (family) {
            case AF_INET:
                return ip(4, next);
            case AF_INET6_LINUX:
            case AF_INET6_NETBSD:
            case AF_INET6_FREEBSD:
            case AF_INET6_DARWIN:
                return ip(6, next);
            default:
                return NOT_TCP;
        }
    }

    private int ipByVersion(int version, int next) {
        return version == 4 || version == 6 ? ip(version, next) : NOT_TCP;
    }

    private int ip(int version, int next) {
        ipVersion = version;
        ipOffset = next;
        return DECODED;
    }

    /** @param ipWireLength bytes from the IP header to the end of the frame on the wire */
    private int decodeIpv4(byte[] b, int ip, int end, int ipWireLength) {
        if (end - ip < IPV4_MIN_HEADER_LENGTH) {
            return TRUNCATED;
        }
        int versionIhl = b[ip + IPV4_VERSION_IHL_OFFSET] & 0xFF;
        int headerLength = (versionIhl & 0x0F) * 4;
        if (versionIhl >>> 4 != 4 || headerLength < IPV4_MIN_HEADER_LENGTH) {
            return NOT_TCP;
        }
        if ((b[ip + IPV4_PROTOCOL_OFFSET] & 0xFF) != PROTO_TCP
                || (u16(b, ip + IPV4_FLAGS_FRAGMENT_OFFSET) & IPV4_FRAGMENT_OFFSET_MASK) != 0) {
            return NOT_TCP;
        }
        if (end - ip < headerLength) {
            return TRUNCATED;
        }
        int totalLength = u16(b, ip + IPV4_TOTAL_LENGTH_OFFSET);
        // Segmentation offload hands the capture a super-packet whose total length does not fit in 16 bits: 0.
        int ipLength = totalLength == 0 ? ipWireLength : totalLength;
        if (ipLength < headerLength) {
            return NOT_TCP;
        }
        addressLength = IPV4_ADDRESS_LENGTH;
        srcAddressOffset = ip + IPV4_SRC_OFFSET;
        dstAddressOffset = ip + IPV4_DST_OFFSET;
        return decodeTcp(b, ip + headerLength, end, ipLength - headerLength);
    }

    private int decodeIpv6(byte[] b, int ip, int end, int ipWireLength) {
        if (end - ip < IPV6_HEADER_LENGTH) {
            return TRUNCATED;
        }
        if ((b[ip + IPV6_VERSION_OFFSET] & 0xFF) >>> 4 != 6) {
            return NOT_TCP;
        }
        int next = b[ip + IPV6_NEXT_HEADER_OFFSET] & 0xFF;
        int header = ip + IPV6_HEADER_LENGTH;
        for (int count = 0; next != PROTO_TCP; count++) {
            if (count == MAX_IPV6_EXTENSION_HEADERS || !isSkippableExtension(next)) {
                return NOT_TCP;
            }
            if (end - header < IPV6_EXT_MIN_LENGTH) {
                return TRUNCATED;
            }
            int lengthByte = b[header + IPV6_EXT_LENGTH_OFFSET] & 0xFF;
            int length;
            if (next == PROTO_FRAGMENT) {
                // Only the first fragment starts with the TCP header.
                if ((u16(b, header + IPV6_FRAGMENT_OFFSET_OFFSET) & IPV6_FRAGMENT_OFFSET_MASK) != 0) {
                    return NOT_TCP;
                }
                length = IPV6_EXT_MIN_LENGTH;
            } else if (next == PROTO_AUTHENTICATION) {
                length = (lengthByte + 2) * 4;
            } else {
                length = (lengthByte + 1) * 8;
            }
            next = b[header + IPV6_EXT_NEXT_HEADER_OFFSET] & 0xFF;
            header += length;
        }
        int payloadLengthField = u16(b, ip + IPV6_PAYLOAD_LENGTH_OFFSET);
        // A jumbogram carries its length in a hop-by-hop option and 0 here; the wire length says the same.
        int ipPayload = payloadLengthField == 0 ? ipWireLength - IPV6_HEADER_LENGTH : payloadLengthField;
        int extensionBytes = header - ip - IPV6_HEADER_LENGTH;
        addressLength = IPV6_ADDRESS_LENGTH;
        srcAddressOffset = ip + IPV6_SRC_OFFSET;
        dstAddressOffset = ip + IPV6_DST_OFFSET;
        return decodeTcp(b, header, end, ipPayload - extensionBytes);
    }

    private static boolean isSkippableExtension(int next) {
        return next == PROTO_HOP_BY_HOP || next == PROTO_ROUTING || next == PROTO_DESTINATION_OPTIONS
                || next == PROTO_FRAGMENT || next == PROTO_AUTHENTICATION;
    }

    /** @param tcpLength bytes of TCP header and payload as the IP header announces them */
    private int decodeTcp(byte[] b, int tcp, int end, int tcpLength) {
        if (tcp > end || end - tcp < TCP_MIN_HEADER_LENGTH) {
            return TRUNCATED;
        }
        int headerLength = ((b[tcp + TCP_DATA_OFFSET_OFFSET] & 0xFF) >>> 4) * 4;
        if (headerLength < TCP_MIN_HEADER_LENGTH || tcpLength < headerLength) {
            return NOT_TCP;
        }
        tcpOffset = tcp;
        payloadLength = tcpLength - headerLength;
        return DECODED;
    }

    @Override
    public long timeNanos() {
        return timeNanos;
    }

    @Override
    public int addressLength() {
        return addressLength;
    }

    @Override
    public void srcAddress(byte[] into, int offset) {
        System.arraycopy(frame, srcAddressOffset, into, offset, addressLength);
    }

    @Override
    public void dstAddress(byte[] into, int offset) {
        System.arraycopy(frame, dstAddressOffset, into, offset, addressLength);
    }

    @Override
    public int srcPort() {
        return u16(frame, tcpOffset + TCP_SRC_PORT_OFFSET);
    }

    @Override
    public int dstPort() {
        return u16(frame, tcpOffset + TCP_DST_PORT_OFFSET);
    }

    @Override
    public long seq() {
        return u32(frame, tcpOffset + TCP_SEQ_OFFSET);
    }

    @Override
    public long ack() {
        return u32(frame, tcpOffset + TCP_ACK_OFFSET);
    }

    @Override
    public int flags() {
        return frame[tcpOffset + TCP_FLAGS_OFFSET] & 0xFF;
    }

    @Override
    public int window() {
        return u16(frame, tcpOffset + TCP_WINDOW_OFFSET);
    }

    @Override
    public int payloadLength() {
        return payloadLength;
    }
}
