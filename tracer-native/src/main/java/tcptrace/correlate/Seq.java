package tcptrace.correlate;

/** TCP sequence number arithmetic: 32-bit unsigned, compared modulo 2^32 (RFC 1982 style). */
final class Seq {
    private Seq() {
    }

    static long add(long seq, long n) {
        return (seq + n) & 0xFFFF_FFFFL;
    }

    /** a - b as a signed distance; positive when a is after b. */
    static int diff(long a, long b) {
        return (int) (a - b);
    }
}
