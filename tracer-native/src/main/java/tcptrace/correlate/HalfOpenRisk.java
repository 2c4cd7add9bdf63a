package tcptrace.correlate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tcptrace.Durations;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.SocketOptionsSnapshot;
import tcptrace.os.LiveSocket;
import tcptrace.os.TcpSysctls;
import tcptrace.os.TimeToDetect;

/**
 * HALF_OPEN_RISK: connections of a traced JVM that are open now, idle, with keepalive off. If the peer vanished
 * (power cut, cable cut, a firewall dropping state) this host would never notice while it stays idle.
 *
 * <p>Idle means no data either way for a threshold, by the kernel's own account of the socket: a connection in use
 * between two requests is not at risk. The live screen counts with {@link #atRisk}, the rule that prints the verdicts
 * is the same test.
 */
public final class HalfOpenRisk {
    /**
     * Longer than the pauses of a connection in use (think time between requests, a GC pause, a slow backend), and
     * as long as the idle timeout of common load balancers (AWS ELB and ALB: 60 s), past which a middlebox may already
     * have dropped the connection's state without a word.
     */
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);

    private HalfOpenRisk() {
    }

    /** Whether {@code a}, seen by its kernel as {@code s}, is at risk: idle for {@code idle}, keepalive off. */
    public static boolean atRisk(AppConnection a, LiveSocket s, Duration idle) {
        return !a.closed() && s.idleFor(idle.toMillis()) && !keepAliveOn(a.options(), s);
    }

    /**
     * @param jvm      the traced JVM, still running
     * @param apps     its connections as journaled (any JVM's; only {@code jvm}'s are considered)
     * @param sockets  its live sockets from the kernel
     * @param sysctls  the TCP sysctls of its network namespace
     * @param nowNanos the time to put on the records
     * @param idle     how long without data makes a connection idle
     */
    public static List<Verdict> find(TracedJvm jvm, List<AppConnection> apps, List<LiveSocket> sockets,
                                     TcpSysctls sysctls, long nowNanos, Duration idle) {
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
            if (a == null || !atRisk(a, s, idle)) {
                continue;
            }
            String explanation = "open with keepalive off and no data either way for "
                    + Durations.human(TimeUnit.MILLISECONDS.toNanos(s.idleMillis())) + " (idle from "
                    + Durations.human(idle.toNanos()) + "): if " + s.remote() + " vanished now, this host "
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
