package tcptrace.capture;

/** Constants of the classic pcap and pcapng file formats (see draft-ietf-opsawg-pcap and draft-ietf-opsawg-pcapng). */
final class PcapFormat {
    /** Larger than any real frame (jumbo frames, offload super-packets); a bigger length means a damaged file. */
    static final int MAX_CAPTURED_LENGTH = 256 * 1024;

    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    static final int VERSION_MAJOR = 2;
    static final int VERSION_MINOR = 4;
    static final int FILE_HEADER_LENGTH = 24;
    static final int FILE_HEADER_SNAPLEN_OFFSET = 16;
    static final int FILE_HEADER_LINK_TYPE_OFFSET = 20;
    /** The link-type field's upper bits carry FCS information. */
    static final int LINK_TYPE_MASK = 0xFFFF;
    static final int RECORD_HEADER_LENGTH = 16;
    static final int RECORD_SECONDS_OFFSET = 0;
    static final int RECORD_FRACTION_OFFSET = 4;
    static final int RECORD_CAPTURED_LENGTH_OFFSET = 8;
    static final int RECORD_WIRE_LENGTH_OFFSET = 12;

    static final int BLOCK_SECTION_HEADER = 0x0A0D0D0A;
    static final int BLOCK_INTERFACE_DESCRIPTION = 0x00000001;
    static final int BLOCK_OBSOLETE_PACKET = 0x00000002;
    static final int BLOCK_SIMPLE_PACKET = 0x00000003;
    static final int BLOCK_ENHANCED_PACKET = 0x00000006;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    static final int BLOCK_TYPE_OFFSET = 0;
    static final int BLOCK_LENGTH_OFFSET = 4;
    /** Type, leading length and trailing length. */
    static final int BLOCK_FRAMING_LENGTH = 12;

    static final int SHB_BYTE_ORDER_OFFSET = 8;
    static final int SHB_MAJOR_VERSION_OFFSET = 12;
    static final int SHB_MIN_LENGTH = 28;
    static final int PCAPNG_VERSION_MAJOR = 1;

    static final int IDB_LINK_TYPE_OFFSET = 8;
    static final int IDB_SNAPLEN_OFFSET = 12;
    static final int IDB_OPTIONS_OFFSET = 16;
    static final int IDB_MIN_LENGTH = 20;

    static final int EPB_INTERFACE_OFFSET = 8;
    static final int EPB_TIMESTAMP_HIGH_OFFSET = 12;
    static final int EPB_TIMESTAMP_LOW_OFFSET = 16;
    static final int EPB_CAPTURED_LENGTH_OFFSET = 20;
    static final int EPB_WIRE_LENGTH_OFFSET = 24;
    static final int EPB_DATA_OFFSET = 28;
    static final int EPB_MIN_LENGTH = 32;

    /** The obsolete packet block: an EPB whose interface id is 16 bits, followed by a 16-bit drop count. */
    static final int OPB_INTERFACE_OFFSET = 8;

    static final int SPB_WIRE_LENGTH_OFFSET = 8;
    static final int SPB_DATA_OFFSET = 12;
    static final int SPB_MIN_LENGTH = 16;

    static final int OPTION_HEADER_LENGTH = 4;
    static final int OPTION_END = 0;
    static final int OPTION_IF_NAME = 2;
    /** An IPv4 address and its netmask, 4 bytes each. */
    static final int OPTION_IF_IPV4ADDR = 4;
    static final int IPV4ADDR_LENGTH = 8;
    /** An IPv6 address and its prefix length, 16 bytes and 1. */
    static final int OPTION_IF_IPV6ADDR = 5;
    static final int IPV6ADDR_LENGTH = 17;
    static final int OPTION_IF_TSRESOL = 9;
    static final int OPTION_IF_TSOFFSET = 14;

    private PcapFormat() {
    }

    /** Options and packet data are padded to a 32-bit boundary. */
    static int padded(int length) {
        return (length + 3) & ~3;
    }
}
