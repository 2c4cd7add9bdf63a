package tcptrace.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Re-frames an IP packet for the link types a capture can use, as the capturing platforms write them. */
final class LinkFrames {
    private LinkFrames() {
    }

    static byte[] frame(int linkType, byte[] ipPacket) {
        boolean ipv4 = (ipPacket[0] & 0xF0) == 0x40;
        switch (linkType) {
            case LinkType.ETHERNET:
                return prefix(ipPacket, ByteBuffer.allocate(14).put(new byte[12])
                        .putShort((short) (ipv4 ? 0x0800 : 0x86DD)));
            case LinkType.LINUX_SLL:
                // packet type 0 (to us), ARPHRD_LOOPBACK, 6-byte address, 8 address bytes, protocol
                return prefix(ipPacket, ByteBuffer.allocate(16).putShort((short) 0).putShort((short) 772)
                        .putShort((short) 6).put(new byte[8]).putShort((short) (ipv4 ? 0x0800 : 0x86DD)));
            case LinkType.LINUX_SLL2:
                // protocol, reserved, ifindex, ARPHRD, packet type, address length, 8 address bytes
                return prefix(ipPacket, ByteBuffer.allocate(20).putShort((short) (ipv4 ? 0x0800 : 0x86DD))
                        .putShort((short) 0).putInt(1).putShort((short) 772).put((byte) 0).put((byte) 6)
                        .put(new byte[8]));
            case LinkType.NULL:
                // written on a little-endian machine; Linux numbers AF_INET6 10
                return prefix(ipPacket, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(ipv4 ? 2 : 10));
            case LinkType.LOOP:
                // OpenBSD: network byte order, AF_INET6 24
                return prefix(ipPacket, ByteBuffer.allocate(4).putInt(ipv4 ? 2 : 24));
            case LinkType.RAW:
            case LinkType.RAW_DLT_12:
            case LinkType.RAW_DLT_14:
                return ipPacket.clone();
            default:
                throw new IllegalArgumentException("link type " + linkType);
        }
    }

    /** A NULL header written on a big-endian machine (macOS on PowerPC numbered AF_INET6 30). */
    static byte[] bigEndianNull(int family, byte[] ipPacket) {
        return prefix(ipPacket, ByteBuffer.allocate(4).putInt(family));
    }

    private static byte[] prefix(byte[] packet, ByteBuffer header) {
        byte[] head = header.array();
        byte[] frame = new byte[head.length + packet.length];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(packet, 0, frame, head.length, packet.length);
        return frame;
    }
}
