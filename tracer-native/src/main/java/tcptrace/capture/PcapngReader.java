package tcptrace.capture;

import tcptrace.InputException;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

import static tcptrace.capture.ByteOrderAccess.int32;
import static tcptrace.capture.ByteOrderAccess.int64;
import static tcptrace.capture.ByteOrderAccess.uint16;
import static tcptrace.capture.ByteOrderAccess.uint32;
import static tcptrace.capture.PcapFormat.*;

/**
 * Reads the packet blocks of a pcapng file: each section in its own byte order, each interface with its own link type
 * and timestamp resolution. Blocks that carry no packets are skipped unread.
 */
final class PcapngReader {
    /** Blocks read whole into the buffer; a packet block this large is damage, not data. */
    private static final int MAX_BUFFERED_BLOCK = CaptureFileInput.CAPACITY;
    private static final int DEFAULT_TSRESOL = 6;

    private final InterfaceTable interfaces = new InterfaceTable();
    private final CaptureInterfaceAddresses addresses;
    private boolean bigEndian;
    /** A simple packet block has no timestamp; it is given the last one seen so that capture order stays monotonic. */
    private long lastTimeNanos;

    /** @param addresses receives the addresses the interface descriptions give */
    PcapngReader(CaptureInterfaceAddresses addresses) {
        this.addresses = addresses;
    }

    void read(CaptureFileInput in, FrameCounter out, BooleanSupplier stopped) throws InputException {
        while (!stopped.getAsBoolean()) {
            long blockOffset = in.offset();
            if (!in.request(BLOCK_FRAMING_LENGTH)) {
                if (in.available() == 0) {
                    return;
                }
                throw in.truncated(blockOffset);
            }
            byte[] b = in.buffer();
            int i = in.index();
            int type = int32(b, i + BLOCK_TYPE_OFFSET, bigEndian);
            if (type == BLOCK_SECTION_HEADER) {
                bigEndian = sectionByteOrder(in, b, i, blockOffset);
            }
            long length = uint32(b, i + BLOCK_LENGTH_OFFSET, bigEndian);
            if (length % 4 != 0) {
                throw in.corrupt(blockOffset, "block length " + length + " is not a multiple of 4");
            }
            if (length < BLOCK_FRAMING_LENGTH) {
                throw in.corrupt(blockOffset, "block length " + length + " is shorter than " + BLOCK_FRAMING_LENGTH);
            }
            if (isBuffered(type)) {
                readBufferedBlock(in, out, type, (int) Math.min(length, Integer.MAX_VALUE), blockOffset);
            } else {
                skipBlock(in, length, blockOffset);
            }
        }
    }

    private boolean sectionByteOrder(CaptureFileInput in, byte[] b, int i, long blockOffset) throws InputException {
        int magic = int32(b, i + SHB_BYTE_ORDER_OFFSET, true);
        if (magic == BYTE_ORDER_MAGIC) {
            return true;
        }
        if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
            return false;
        }
        throw in.corrupt(blockOffset, String.format("section header byte-order magic 0x%08x", magic));
    }

    private static boolean isBuffered(int type) {
        return type == BLOCK_SECTION_HEADER || type == BLOCK_INTERFACE_DESCRIPTION || type == BLOCK_ENHANCED_PACKET
                || type == BLOCK_SIMPLE_PACKET || type == BLOCK_OBSOLETE_PACKET;
    }

    private void skipBlock(CaptureFileInput in, long length, long blockOffset) throws InputException {
        if (!in.skip(length - 4) || !in.request(4)) {
            throw in.truncated(blockOffset);
        }
        checkTrailer(in, in.index(), length, blockOffset);
        in.advance(4);
    }

    private void readBufferedBlock(CaptureFileInput in, FrameCounter out, int type, int length, long blockOffset)
            throws InputException {
        if (length > MAX_BUFFERED_BLOCK) {
            throw in.corrupt(blockOffset, "block length " + length + " exceeds " + MAX_BUFFERED_BLOCK);
        }
        if (!in.request(length)) {
            throw in.truncated(blockOffset);
        }
        byte[] b = in.buffer();
        int i = in.index();
        checkTrailer(in, i + length - 4, length, blockOffset);
        switch (type) {
            case BLOCK_SECTION_HEADER -> startSection(in, b, i, length, blockOffset);
            case BLOCK_INTERFACE_DESCRIPTION -> addInterface(in, b, i, length, blockOffset);
            case BLOCK_ENHANCED_PACKET -> packet(in, out, b, i, length, blockOffset,
                    uint32(b, i + EPB_INTERFACE_OFFSET, bigEndian));
            case BLOCK_OBSOLETE_PACKET -> packet(in, out, b, i, length, blockOffset,
                    uint16(b, i + OPB_INTERFACE_OFFSET, bigEndian));
            default -> simplePacket(in, out, b, i, length, blockOffset);
        }
        in.advance(length);
    }

    private void checkTrailer(CaptureFileInput in, int trailerIndex, long length, long blockOffset)
            throws InputException {
        long trailer = uint32(in.buffer(), trailerIndex, bigEndian);
        if (trailer != length) {
            throw in.corrupt(blockOffset, "block trailer length " + trailer + " differs from header length " + length);
        }
    }

    private void startSection(CaptureFileInput in, byte[] b, int i, int length, long blockOffset)
            throws InputException {
        if (length < SHB_MIN_LENGTH) {
            throw in.corrupt(blockOffset, "section header block of " + length + " bytes");
        }
        int major = uint16(b, i + SHB_MAJOR_VERSION_OFFSET, bigEndian);
        if (major != PCAPNG_VERSION_MAJOR) {
            throw in.corrupt(blockOffset, "unsupported pcapng version " + major);
        }
        interfaces.clear();
    }

    private void addInterface(CaptureFileInput in, byte[] b, int i, int length, long blockOffset)
            throws InputException {
        if (length < IDB_MIN_LENGTH) {
            throw in.corrupt(blockOffset, "interface description block of " + length + " bytes");
        }
        int linkType = uint16(b, i + IDB_LINK_TYPE_OFFSET, bigEndian);
        long snaplen = uint32(b, i + IDB_SNAPLEN_OFFSET, bigEndian);
        int tsresol = DEFAULT_TSRESOL;
        long tsoffsetSeconds = 0;
        int option = i + IDB_OPTIONS_OFFSET;
        int optionsEnd = i + length - 4;
        String name = "#" + interfaces.size();
        // where the addresses are, read once the name (which may come after them) is known
        int ipv4 = -1;
        int ipv6 = -1;
        while (optionsEnd - option >= OPTION_HEADER_LENGTH) {
            int code = uint16(b, option, bigEndian);
            int valueLength = uint16(b, option + 2, bigEndian);
            int value = option + OPTION_HEADER_LENGTH;
            if (code == OPTION_END) {
                break;
            }
            if (padded(valueLength) > optionsEnd - value) {
                throw in.corrupt(blockOffset, "interface option " + code + " runs past the block");
            }
            if (code == OPTION_IF_TSRESOL && valueLength >= 1) {
                tsresol = b[value] & 0xFF;
            } else if (code == OPTION_IF_TSOFFSET && valueLength >= 8) {
                tsoffsetSeconds = int64(b, value, bigEndian);
            } else if (code == OPTION_IF_NAME && valueLength > 0) {
                name = new String(b, value, valueLength, StandardCharsets.UTF_8).replace("\0", "");
            } else if (code == OPTION_IF_IPV4ADDR && valueLength == IPV4ADDR_LENGTH && ipv4 < 0) {
                ipv4 = value;
            } else if (code == OPTION_IF_IPV6ADDR && valueLength == IPV6ADDR_LENGTH && ipv6 < 0) {
                ipv6 = value;
            }
            option = value + padded(valueLength);
        }
        if (!TimestampScale.isSupported(tsresol)) {
            throw in.corrupt(blockOffset, String.format("unsupported if_tsresol 0x%02x", tsresol));
        }
        interfaces.add(linkType, snaplen, new TimestampScale(tsresol, tsoffsetSeconds));
        if (ipv4 >= 0) {
            addresses.add(b, ipv4, 4, name);
        }
        if (ipv6 >= 0) {
            addresses.add(b, ipv6, 16, name);
        }
    }

    private void packet(CaptureFileInput in, FrameCounter out, byte[] b, int i, int length, long blockOffset,
                        long interfaceId) throws InputException {
        if (length < EPB_MIN_LENGTH) {
            throw in.corrupt(blockOffset, "packet block of " + length + " bytes");
        }
        requireInterface(in, interfaceId, blockOffset);
        long captured = uint32(b, i + EPB_CAPTURED_LENGTH_OFFSET, bigEndian);
        long wire = uint32(b, i + EPB_WIRE_LENGTH_OFFSET, bigEndian);
        if (captured > MAX_CAPTURED_LENGTH) {
            throw in.corrupt(blockOffset, "packet length " + captured + " exceeds " + MAX_CAPTURED_LENGTH);
        }
        if (EPB_DATA_OFFSET + padded((int) captured) + 4 > length) {
            throw in.corrupt(blockOffset, "packet data of " + captured + " bytes runs past the block");
        }
        int id = (int) interfaceId;
        long units = (uint32(b, i + EPB_TIMESTAMP_HIGH_OFFSET, bigEndian) << 32)
                | uint32(b, i + EPB_TIMESTAMP_LOW_OFFSET, bigEndian);
        lastTimeNanos = interfaces.scale(id).toEpochNanos(units);
        out.frame(b, i + EPB_DATA_OFFSET, (int) captured, (int) Math.min(wire, Integer.MAX_VALUE),
                interfaces.linkType(id), lastTimeNanos);
    }

    private void simplePacket(CaptureFileInput in, FrameCounter out, byte[] b, int i, int length, long blockOffset)
            throws InputException {
        if (length < SPB_MIN_LENGTH) {
            throw in.corrupt(blockOffset, "simple packet block of " + length + " bytes");
        }
        requireInterface(in, 0, blockOffset);
        long wire = uint32(b, i + SPB_WIRE_LENGTH_OFFSET, bigEndian);
        long captured = Math.min(wire, length - SPB_MIN_LENGTH);
        long snaplen = interfaces.snaplen(0);
        if (snaplen > 0) {
            captured = Math.min(captured, snaplen);
        }
        out.frame(b, i + SPB_DATA_OFFSET, (int) captured, (int) Math.min(wire, Integer.MAX_VALUE),
                interfaces.linkType(0), lastTimeNanos);
    }

    private void requireInterface(CaptureFileInput in, long interfaceId, long blockOffset) throws InputException {
        if (interfaceId >= interfaces.size()) {
            throw in.corrupt(blockOffset, "packet of interface " + interfaceId + " but the section describes "
                    + interfaces.size());
        }
    }
}
