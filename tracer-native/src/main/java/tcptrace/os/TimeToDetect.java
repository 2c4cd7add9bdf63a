package tcptrace.os;

import tcptrace.Durations;

/**
 * How long Linux takes to notice a dead peer, from the kernel's own formulas, so that a person can see what a
 * half-open connection costs.
 */
public final class TimeToDetect {
    private TimeToDetect() {
    }

    /** TCP_RTO_MIN: the first retransmission timeout of an established connection with a fast peer. */
    static final long RTO_MIN_MILLIS = 200;
    /** TCP_RTO_MAX: the backoff stops doubling here. */
    static final long RTO_MAX_MILLIS = 120_000;
    /** TCP_TIMEOUT_INIT: the first SYN retransmission timeout. */
    static final long SYN_RTO_MILLIS = 1_000;

    /**
     * Time from the first unanswered transmission until the kernel gives up: tcp_model_timeout() of
     * net/ipv4/tcp_timer.c, the RTO doubling from {@code rtoMillis} up to 120 s over {@code retries} retransmissions.
     * For 200 ms and tcp_retries2 = 15: 924.6 s.
     */
    public static long retransmissionNanos(int retries, long rtoMillis) {
        int linearBackoffThreshold = 63 - Long.numberOfLeadingZeros(RTO_MAX_MILLIS / rtoMillis); // ilog2
        long millis;
        if (retries <= linearBackoffThreshold) {
            millis = ((2L << retries) - 1) * rtoMillis;
        } else {
            millis = ((2L << linearBackoffThreshold) - 1) * rtoMillis
                    + (long) (retries - linearBackoffThreshold) * RTO_MAX_MILLIS;
        }
        return millis * 1_000_000L;
    }

    public static long retransmissionNanos(int tcpRetries2) {
        return retransmissionNanos(tcpRetries2, RTO_MIN_MILLIS);
    }

    /** Connect attempts give up after tcp_syn_retries: 6 → 127 s. */
    public static long synNanos(int tcpSynRetries) {
        return retransmissionNanos(tcpSynRetries, SYN_RTO_MILLIS);
    }

    /** Keepalive gives up after idle + interval × probes seconds: 7200/75/9 → 7875 s. */
    public static long keepaliveNanos(int idleSeconds, int intervalSeconds, int probes) {
        return ((long) idleSeconds + (long) intervalSeconds * probes) * 1_000_000_000L;
    }

    /**
     * What a person reads: the keepalive time when keepalive is on, "never" when it is off and the connection is
     * idle. Socket options of -1 (never set) fall back to the namespace's sysctls.
     */
    public static String describeIdle(int keepAlive, int keepIdle, int keepInterval, int keepCount, TcpSysctls s) {
        if (keepAlive != 1) {
            return "never (keepalive off)";
        }
        int idle = keepIdle > 0 ? keepIdle : s.keepaliveTime();
        int interval = keepInterval > 0 ? keepInterval : s.keepaliveIntvl();
        int count = keepCount > 0 ? keepCount : s.keepaliveProbes();
        return Durations.human(keepaliveNanos(idle, interval, count)) + " (keepalive " + idle + "/" + interval
                + "/" + count + ")";
    }
}
