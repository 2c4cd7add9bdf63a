package tcptrace.correlate;

import tcptrace.agent.event.Endpoint;
import tcptrace.capture.TcpSegment;

/**
 * The two ends of a packet, packed into numbers, so that the connection table finds a packet's connection without
 * making an object for it: a correlator {@link #assign}s one instance for every packet, and a connection keeps its
 * first packet's numbers in fields of its own (one object, so one cache miss, per lookup). Endpoint's own hash is
 * nearly linear in the address's last byte and the port, so the 4-tuples of a busy host pair would crowd a few
 * slots: this hashes all the bits itself.
 */
final class FourTuple {
    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;
    /** Set beside an IPv4 end's port, so that no IPv6 end packs the same. */
    private static final int IPV4 = 1 << 16;
    private static final int PORT_MASK = 0xFFFF;

    /** Where a segment's addresses are read. */
    private final byte[] scratch = new byte[16];
    /**
     * Per end: address bytes 0-7 (0 for IPv4), bytes 8-15 (or the IPv4 address), port (and IPv4 mark). Read by
     * {@link Connection}, which copies them.
     */
    long srcHigh;
    long srcLow;
    int srcPort;
    long dstHigh;
    long dstLow;
    int dstPort;
    /** Equal for both directions of the same two ends. */
    int hash;

    /** The tuple from {@code src} to {@code dst} (canonical endpoints, as the correlator keeps them). */
    static FourTuple of(Endpoint src, Endpoint dst) {
        FourTuple t = new FourTuple();
        byte[] s = src.address();
        byte[] d = dst.address();
        t.assign(s, s.length, src.port(), d, d.length, dst.port());
        return t;
    }

    /** Takes the ends of {@code s}; an IPv4-mapped IPv6 address counts as the IPv4 address, as elsewhere. */
    void assign(TcpSegment s) {
        int length = s.addressLength();
        s.srcAddress(scratch, 0);
        setSrc(scratch, length, s.srcPort());
        s.dstAddress(scratch, 0);
        setDst(scratch, length, s.dstPort());
        rehash();
    }

    private void assign(byte[] src, int srcLength, int srcPort, byte[] dst, int dstLength, int dstPort) {
        setSrc(src, srcLength, srcPort);
        setDst(dst, dstLength, dstPort);
        rehash();
    }

    private void setSrc(byte[] address, int length, int port) {
        srcHigh = high(address, length);
        srcLow = low(address, length);
        srcPort = port(address, length, port);
    }

    private void setDst(byte[] address, int length, int port) {
        dstHigh = high(address, length);
        dstLow = low(address, length);
        dstPort = port(address, length, port);
    }

    /** Bytes 0-7 of the first {@code length} of {@code address} (0 for IPv4), as an end is packed. */
    static long high(byte[] address, int length) {
        return isV4(address, length) ? 0 : bytes(address, 0, 8);
    }

    /** Bytes 8-15 of the address, or the IPv4 address. */
    static long low(byte[] address, int length) {
        return isV4(address, length) ? bytes(address, length - 4, 4) : bytes(address, 8, 8);
    }

    /** The port, with the IPv4 mark. */
    static int port(byte[] address, int length, int port) {
        return port | (isV4(address, length) ? IPV4 : 0);
    }

    private static boolean isV4(byte[] address, int length) {
        return length == 4 || isV4Mapped(address);
    }

    /** Both directions of a connection hash alike: the smaller end goes first. */
    private void rehash() {
        int order = srcHigh != dstHigh ? Long.compareUnsigned(srcHigh, dstHigh)
                : srcLow != dstLow ? Long.compareUnsigned(srcLow, dstLow) : Integer.compare(srcPort, dstPort);
        boolean srcFirst = order <= 0;
        // multiplying by a large odd constant between the parts keeps small differences in any part apart
        long h = srcFirst
                ? ((((srcHigh * GOLDEN + srcLow) * GOLDEN + srcPort) * GOLDEN + dstHigh) * GOLDEN + dstLow) * GOLDEN
                + dstPort
                : ((((dstHigh * GOLDEN + dstLow) * GOLDEN + dstPort) * GOLDEN + srcHigh) * GOLDEN + srcLow) * GOLDEN
                + srcPort;
        hash = (int) (mix(h) >>> 32);
    }

    Endpoint src() {
        return endpoint(srcHigh, srcLow, srcPort);
    }

    Endpoint dst() {
        return endpoint(dstHigh, dstLow, dstPort);
    }

    /** The endpoint of one end's packed numbers. */
    static Endpoint endpoint(long high, long low, int port) {
        boolean v4 = (port & IPV4) != 0;
        byte[] address = new byte[v4 ? 4 : 16];
        if (v4) {
            unpack(low, address, 0, 4);
        } else {
            unpack(high, address, 0, 8);
            unpack(low, address, 8, 8);
        }
        return new Endpoint(address, port & PORT_MASK);
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static long bytes(byte[] b, int from, int count) {
        long v = 0;
        for (int i = from; i < from + count; i++) {
            v = v << 8 | b[i] & 0xFF;
        }
        return v;
    }

    private static void unpack(long v, byte[] into, int from, int count) {
        for (int i = from + count - 1; i >= from; i--) {
            into[i] = (byte) v;
            v >>>= 8;
        }
    }

    /** The 64-bit finalizer of MurmurHash3: every input bit affects every output bit. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51_afd7_ed55_8ccdL;
        h ^= h >>> 33;
        h *= 0xc4ce_b9fe_1a85_ec53L;
        return h ^ h >>> 33;
    }
}
