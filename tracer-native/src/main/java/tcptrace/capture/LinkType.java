package tcptrace.capture;

/** The pcap link-layer types that can carry a TCP segment to {@link SegmentView}. */
public final class LinkType {
    /** BSD loopback: a 4-byte address family in the byte order of the machine that captured. */
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** Raw IP as some platforms number it in the DLT space (12 on most BSDs, 14 on OpenBSD). */
    public static final int RAW_DLT_12 = 12;
    public static final int RAW_DLT_14 = 14;
    public static final int RAW = 101;
    /** OpenBSD loopback: like {@link #NULL} but the family is always big-endian. */
    public static final int LOOP = 108;
    /** Linux cooked capture, what {@code -i any} produces. */
    public static final int LINUX_SLL = 113;
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }
}
