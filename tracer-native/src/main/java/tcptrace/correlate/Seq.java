package tcptrace.correlate;

import tcptrace.capture.TcpSegment;

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

    /** The sequence number after a segment: payload plus one for SYN and for FIN. */
    static long end(TcpSegment s) {
        return add(s.seq(), s.payloadLength() + (s.isSyn() ? 1 : 0) + (s.isFin() ? 1 : 0));
    }
}
