package tcptrace.capture;

/** Converts a pcapng interface's timestamp units (its {@code if_tsresol} and {@code if_tsoffset}) to epoch nanoseconds. */
final class TimestampScale {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int BINARY_FLAG = 0x80;
    private static final int MAX_DECIMAL_EXPONENT = 18;

    /** Negative for a power-of-ten resolution. */
    private final int binaryExponent;
    private final long multiplier;
    private final long divisor;
    private final long offsetNanos;

    /** @param tsresol the option byte: 10^-n seconds, or 2^-n when the top bit is set */
    TimestampScale(int tsresol, long offsetSeconds) {
        if ((tsresol & BINARY_FLAG) != 0) {
            binaryExponent = tsresol & ~BINARY_FLAG;
            multiplier = 1;
            divisor = 1;
        } else {
            binaryExponent = -1;
            multiplier = tsresol <= 9 ? powerOfTen(9 - tsresol) : 1;
            divisor = tsresol <= 9 ? 1 : powerOfTen(tsresol - 9);
        }
        offsetNanos = offsetSeconds * NANOS_PER_SECOND;
    }

    static boolean isSupported(int tsresol) {
        return (tsresol & BINARY_FLAG) != 0 ? (tsresol & ~BINARY_FLAG) <= 63 : tsresol <= MAX_DECIMAL_EXPONENT;
    }

    long toEpochNanos(long units) {
        if (binaryExponent < 0) {
            return Long.divideUnsigned(units, divisor) * multiplier + offsetNanos;
        }
        long seconds = units >>> binaryExponent;
        long fraction = units & ((1L << binaryExponent) - 1);
        return seconds * NANOS_PER_SECOND + (long) (fraction * 1e9 / Math.scalb(1.0, binaryExponent)) + offsetNanos;
    }

    private static long powerOfTen(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
