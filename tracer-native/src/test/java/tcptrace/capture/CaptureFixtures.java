package tcptrace.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Test-side writers of capture files, independent of {@link PcapFileWriter}, for every variant the reader accepts. */
final class CaptureFixtures {
    private CaptureFixtures() {
    }

    /** A classic pcap file in either byte order, with microsecond or nanosecond timestamps. */
    static final class Classic {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteOrder order;
        private final boolean nanos;

        Classic(ByteOrder order, boolean nanos, int linkType) {
            this.order = order;
            this.nanos = nanos;
            out.writeBytes(ByteBuffer.allocate(24).order(order).putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4)
                    .putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(linkType)
                    .array());
        }

        Classic record(long timeNanos, byte[] frame) {
            return record(timeNanos, frame, frame.length, frame.length);
        }

        Classic record(long timeNanos, byte[] frame, int capturedLength, int wireLength) {
            long fraction = timeNanos % 1_000_000_000L;
            out.writeBytes(ByteBuffer.allocate(16).order(order).putInt((int) (timeNanos / 1_000_000_000L))
                    .putInt((int) (nanos ? fraction : fraction / 1000)).putInt(capturedLength).putInt(wireLength)
                    .array());
            out.write(frame, 0, Math.min(frame.length, capturedLength));
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** A pcapng file: sections, interfaces and packet blocks in the order they are added. */
    static final class Pcapng {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private ByteOrder order;

        Pcapng section(ByteOrder order) {
            this.order = order;
            return block(0x0A0D0D0A, buffer(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0)
                    .putLong(-1));
        }

        /** @param tsresol the if_tsresol byte, or -1 for none (microseconds) */
        Pcapng iface(int linkType, int snaplen, int tsresol) {
            ByteBuffer body = buffer(32).putShort((short) linkType).putShort((short) 0).putInt(snaplen);
            // an if_name option first, so that if_tsresol is found among others
            body.putShort((short) 2).putShort((short) 3).put(new byte[] {'l', 'o', '0', 0});
            if (tsresol >= 0) {
                body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
            }
            body.putShort((short) 0).putShort((short) 0);
            return block(1, body);
        }

        /**
         * An interface (microsecond timestamps) with its name after its addresses, as dumpcap may order them.
         *
         * @param ipv4 4 bytes, or null for none
         * @param ipv6 16 bytes, or null for none
         */
        Pcapng iface(int linkType, String name, byte[] ipv4, byte[] ipv6) {
            ByteBuffer body = buffer(96).putShort((short) linkType).putShort((short) 0).putInt(0);
            if (ipv4 != null) {
                body.putShort((short) 4).putShort((short) 8).put(ipv4).put(new byte[] {-1, -1, -1, 0});
            }
            if (ipv6 != null) {
                body.putShort((short) 5).putShort((short) 17).put(ipv6).put((byte) 64).put(new byte[3]);
            }
            byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            body.putShort((short) 2).putShort((short) n.length).put(n).put(new byte[padded(n.length) - n.length]);
            body.putShort((short) 0).putShort((short) 0);
            return block(1, body);
        }

        Pcapng enhanced(int interfaceId, long units, byte[] frame, int wireLength) {
            ByteBuffer body = buffer(20 + padded(frame.length) + 12).putInt(interfaceId).putInt((int) (units >>> 32))
                    .putInt((int) units).putInt(frame.length).putInt(wireLength).put(frame)
                    .put(new byte[padded(frame.length) - frame.length]);
            // an opt_comment, which the reader must step over
            body.putShort((short) 1).putShort((short) 2).put(new byte[] {'h', 'i', 0, 0});
            body.putShort((short) 0).putShort((short) 0);
            return block(6, body);
        }

        Pcapng obsolete(int interfaceId, long units, byte[] frame) {
            ByteBuffer body = buffer(20 + padded(frame.length)).putShort((short) interfaceId).putShort((short) 0)
                    .putInt((int) (units >>> 32)).putInt((int) units).putInt(frame.length).putInt(frame.length)
                    .put(frame).put(new byte[padded(frame.length) - frame.length]);
            return block(2, body);
        }

        Pcapng simple(byte[] frame) {
            return block(3, buffer(4 + padded(frame.length)).putInt(frame.length).put(frame)
                    .put(new byte[padded(frame.length) - frame.length]));
        }

        /** A block of a type the reader has no use for (here a name resolution block). */
        Pcapng other(int bodyLength) {
            return block(4, buffer(bodyLength).put(new byte[bodyLength]));
        }

        Pcapng block(int type, ByteBuffer body) {
            int length = 12 + body.position();
            out.writeBytes(buffer(8).putInt(type).putInt(length).array());
            out.write(body.array(), 0, body.position());
            out.writeBytes(buffer(4).putInt(length).array());
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private ByteBuffer buffer(int size) {
            return ByteBuffer.allocate(size).order(order);
        }

        private static int padded(int length) {
            return (length + 3) & ~3;
        }
    }
}
