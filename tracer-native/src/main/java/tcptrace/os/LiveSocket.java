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
 */
public record LiveSocket(Endpoint local, Endpoint remote, int state, long txQueue, long rxQueue, int timerActive,
                         long inode) {
    public static final int ESTABLISHED = 1;
    public static final int TIMER_RETRANSMIT = 1;
    public static final int TIMER_KEEPALIVE = 2;

    /** Established, nothing in flight, no retransmission running: if the peer vanished, nothing would tell. */
    public boolean idle() {
        return state == ESTABLISHED && txQueue == 0 && timerActive != TIMER_RETRANSMIT;
    }
}
