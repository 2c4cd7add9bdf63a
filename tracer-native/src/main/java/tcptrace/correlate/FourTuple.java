package tcptrace.correlate;

import tcptrace.agent.event.Endpoint;

/**
 * The two ends of a connection, in either order, packed into numbers. Endpoint's own hash is nearly linear in the
 * address's last byte and the port, so the 4-tuples of a busy host pair would crowd a few buckets: this key hashes
 * all the bits itself, and compares without touching the endpoints.
 */
final class FourTuple {
    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;
    /** Set beside an IPv4 end's port, so that no IPv6 end packs the same. */
    private static final int IPV4 = 1 << 16;

    /** Address bytes 0-7 (0 for IPv4), bytes 8-15 (or the IPv4 address), port (and IPv4 mark): smaller end first. */
    private final long firstHigh;
    private final long firstLow;
    private final int firstPort;
    private final long secondHigh;
    private final long secondLow;
    private final int secondPort;
    private final int hash;

    FourTuple(Endpoint a, Endpoint b) {
        byte[] aAddress = a.address();
        byte[] bAddress = b.address();
        long aHigh = high(aAddress);
        long aLow = low(aAddress);
        long bHigh = high(bAddress);
        long bLow = low(bAddress);
        // the smaller end first, so that both directions of a connection make the same key
        int aPort = a.port() | (aAddress.length == 4 ? IPV4 : 0);
        int bPort = b.port() | (bAddress.length == 4 ? IPV4 : 0);
        int order = aHigh != bHigh ? Long.compareUnsigned(aHigh, bHigh)
                : aLow != bLow ? Long.compareUnsigned(aLow, bLow) : Integer.compare(aPort, bPort);
        boolean aFirst = order <= 0;
        firstHigh = aFirst ? aHigh : bHigh;
        firstLow = aFirst ? aLow : bLow;
        firstPort = aFirst ? aPort : bPort;
        secondHigh = aFirst ? bHigh : aHigh;
        secondLow = aFirst ? bLow : aLow;
        secondPort = aFirst ? bPort : aPort;
        // multiplying by a large odd constant between the parts keeps small differences in any part apart
        long h = ((((firstHigh * GOLDEN + firstLow) * GOLDEN + firstPort) * GOLDEN + secondHigh) * GOLDEN
                + secondLow) * GOLDEN + secondPort;
        hash = (int) (mix(h) >>> 32);
    }

    private static long high(byte[] address) {
        return address.length == 4 ? 0 : bytes(address, 0, 8);
    }

    private static long low(byte[] address) {
        return address.length == 4 ? bytes(address, 0, 4) : bytes(address, 8, 8);
    }

    private static long bytes(byte[] b, int from, int count) {
        long v = 0;
        for (int i = from; i < from + count; i++) {
            v = v << 8 | b[i] & 0xFF;
        }
        return v;
    }

    /** The 64-bit finalizer of MurmurHash3: every input bit affects every output bit. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51_afd7_ed55_8ccdL;
        h ^= h >>> 33;
        h *= 0xc4ce_b9fe_1a85_ec53L;
        return h ^ h >>> 33;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FourTuple t && t.firstLow == firstLow && t.secondLow == secondLow
                && t.firstPort == firstPort && t.secondPort == secondPort && t.firstHigh == firstHigh
                && t.secondHigh == secondHigh;
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
