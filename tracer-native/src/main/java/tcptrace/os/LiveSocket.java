package tcptrace.os;

import tcptrace.agent.event.Endpoint;

/**
 * One TCP socket of a process, from /proc/&lt;pid&gt;/net/tcp{,6}.
 *
 * @param state       the kernel's TCP state number (1 ESTABLISHED, 10 LISTEN, ...)
 * @param txQueue     bytes sent and not yet acknowledged
 * @param rxQueue     bytes received and not yet read
 * @param timerActive 0 none, 1 retransmission (or probe) timer, 2 keepalive timer, 3 TIME_WAIT, 4 zero window probe
 * @param inode       the socket's inode, which /proc/&lt;pid&gt;/fd links to
 * @param idleMillis  how long it has carried no data either way, from its kernel ({@link TcpIdleTimes}), or
 *                    {@link #IDLE_UNKNOWN}
 */
public record LiveSocket(Endpoint local, Endpoint remote, int state, long txQueue, long rxQueue, int timerActive,
                         long inode, long idleMillis) {
    public static final long IDLE_UNKNOWN = -1;
    public static final int ESTABLISHED = 1;
    public static final int LISTEN = 10;
    /** include/net/tcp_states.h, from 1. */
    private static final String[] STATE_NAMES = {"ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
        "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"};
    public static final int TIMER_RETRANSMIT = 1;
    public static final int TIMER_KEEPALIVE = 2;

    /** The kernel's name of the state, e.g. "ESTABLISHED". */
    public String stateName() {
        return state >= 1 && state <= STATE_NAMES.length ? STATE_NAMES[state - 1] : "state " + state;
    }

    /**
     * Established, nothing in flight, no retransmission running, and no data either way for at least
     * {@code thresholdMillis} by its kernel's account: if the peer vanished, nothing would tell. Unknown idle time is
     * not idle.
     */
    public boolean idleFor(long thresholdMillis) {
        return nothingInFlight() && idleMillis >= 0 && idleMillis >= thresholdMillis;
    }

    /** Established, nothing in flight, no retransmission running: no timer of the kernel would notice a dead peer. */
    public boolean nothingInFlight() {
        return state == ESTABLISHED && txQueue == 0 && timerActive != TIMER_RETRANSMIT;
    }

    LiveSocket withIdle(long millis) {
        return new LiveSocket(local, remote, state, txQueue, rxQueue, timerActive, inode, millis);
    }
}
