package tcptrace.correlate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tcptrace.Durations;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.SocketOptionsSnapshot;
import tcptrace.os.LiveSocket;
import tcptrace.os.TcpSysctls;
import tcptrace.os.TimeToDetect;

/**
 * HALF_OPEN_RISK: connections of a traced JVM that are open now, idle, with keepalive off. If the peer vanished
 * (power cut, cable cut, a firewall dropping state) this host would never notice while it stays idle.
 */
public final class HalfOpenRisk {
    private HalfOpenRisk() {
    }

    /**
     * @param jvm      the traced JVM, still running
     * @param apps     its connections as journaled (any JVM's; only {@code jvm}'s are considered)
     * @param sockets  its live sockets from the kernel
     * @param sysctls  the TCP sysctls of its network namespace
     * @param nowNanos the time to put on the records
     */
    public static List<Verdict> find(TracedJvm jvm, List<AppConnection> apps, List<LiveSocket> sockets,
                                     TcpSysctls sysctls, long nowNanos) {
        Map<List<Endpoint>, AppConnection> byTuple = new HashMap<>();
        for (AppConnection a : apps) {
            if (a.jvm() == jvm && !a.closed()) {
                byTuple.merge(List.of(a.local(), a.remote()), a,
                        (x, y) -> x.anchorNanos() >= y.anchorNanos() ? x : y);
            }
        }
        List<Verdict> out = new ArrayList<>();
        for (LiveSocket s : sockets) {
            AppConnection a = byTuple.get(List.of(s.local(), s.remote()));
            if (!s.idle() || a == null || keepAliveOn(a.options(), s)) {
                continue;
            }
            String explanation = "open and idle with keepalive off: if " + s.remote() + " vanished now, this host "
                    + "would never notice; once it sends, the kernel gives up after "
                    + Durations.human(TimeToDetect.retransmissionNanos(sysctls.retries2())) + " (tcp_retries2="
                    + sysctls.retries2() + ", " + sysctls.source() + ")";
            out.add(new Verdict(VerdictKind.HALF_OPEN_RISK, s.local(), s.remote(), null, nowNanos,
                    jvm.pid() >= 0 ? jvm.pid() : null, null, null, null, null, explanation, null, List.of(),
                    a.events()));
        }
        return out;
    }

    /** The journaled option decides; when it is unknown (attached later), the kernel's keepalive timer does. */
    private static boolean keepAliveOn(SocketOptionsSnapshot o, LiveSocket s) {
        return o.keepAlive() == 1 || o.keepAlive() < 0 && s.timerActive() == LiveSocket.TIMER_KEEPALIVE;
    }
}
