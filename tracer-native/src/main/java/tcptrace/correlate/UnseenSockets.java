package tcptrace.correlate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tcptrace.Durations;
import tcptrace.agent.event.Endpoint;
import tcptrace.os.LiveSocket;
import tcptrace.os.TcpSysctls;
import tcptrace.os.TimeToDetect;

/**
 * The TCP connections a traced JVM holds that its agent journaled nothing of (opened before the agent was attached,
 * or through a path it does not trace), each with what a dead peer would cost it: the kernel's own timers say whether
 * keepalive runs on the socket.
 */
public final class UnseenSockets {
    /**
     * @param socket    the socket as the kernel lists it
     * @param keepalive one sentence on how soon a dead peer would be noticed
     */
    public record Unseen(LiveSocket socket, String keepalive) {
    }

    private UnseenSockets() {
    }

    /**
     * @param jvm     the traced JVM, still running
     * @param apps    connections as journaled (any JVM's; only {@code jvm}'s are considered)
     * @param sockets its live sockets from the kernel
     * @param sysctls the TCP sysctls of its network namespace
     */
    public static List<Unseen> find(TracedJvm jvm, List<AppConnection> apps, List<LiveSocket> sockets,
                                    TcpSysctls sysctls) {
        Set<List<Endpoint>> journaled = new HashSet<>();
        for (AppConnection a : apps) {
            if (a.jvm() == jvm) {
                journaled.add(List.of(a.local(), a.remote()));
            }
        }
        List<Unseen> out = new ArrayList<>();
        for (LiveSocket s : sockets) {
            if (s.state() != LiveSocket.LISTEN && !journaled.contains(List.of(s.local(), s.remote()))) {
                out.add(new Unseen(s, keepalive(s, sysctls)));
            }
        }
        return out;
    }

    private static String keepalive(LiveSocket s, TcpSysctls sysctls) {
        String retransmission = Durations.human(TimeToDetect.retransmissionNanos(sysctls.retries2()))
                + " (tcp_retries2=" + sysctls.retries2() + ", " + sysctls.source() + ")";
        if (s.timerActive() == LiveSocket.TIMER_KEEPALIVE) {
            return "keepalive on: a dead peer is noticed within " + Durations.human(TimeToDetect.keepaliveNanos(
                    sysctls.keepaliveTime(), sysctls.keepaliveIntvl(), sysctls.keepaliveProbes())) + " (keepalive "
                    + sysctls.keepaliveTime() + "/" + sysctls.keepaliveIntvl() + "/" + sysctls.keepaliveProbes()
                    + " of the namespace, unless the socket sets its own)";
        }
        if (s.nothingInFlight()) {
            return "keepalive off and nothing in flight: a dead peer would never be noticed; once it sends, the kernel gives up "
                    + "after " + retransmission;
        }
        return "data in flight: a dead peer is noticed when the retransmissions give up, after " + retransmission;
    }
}
