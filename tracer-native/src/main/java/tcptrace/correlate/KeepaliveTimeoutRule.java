package tcptrace.correlate;

import java.util.Optional;
import tcptrace.Durations;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;

/**
 * KEEPALIVE_TIMEOUT: a RST from a local end after its keepalive probes (seq = snd.nxt - 1, 0 or 1 byte) went
 * unanswered: the kernel gives up and resets. The wire alone proves it, so a local end without a journal qualifies.
 */
final class KeepaliveTimeoutRule implements Rule {
    @Override
    public Optional<Verdict> decide(EndContext c) {
        Side src = c.srcSide();
        if (!c.isRst() || !c.srcKnownLocal() || src == null || src.unansweredKeepaliveProbes() == 0) {
            return Optional.empty();
        }
        String seen = "";
        if (c.srcApp() != null) {
            SocketEvent error = c.srcApp().firstAtOrAfter(src.firstProbeNanos(), EventKind.ERROR);
            if (error != null && error.message() != null) {
                seen = "; the application on " + EndContext.thread(error) + " saw \"" + error.message() + "\"";
            }
        }
        return Optional.of(c.withoutCause(VerdictKind.KEEPALIVE_TIMEOUT,
                src.unansweredKeepaliveProbes() + " keepalive probes from " + c.src() + " went unanswered for "
                        + Durations.human(c.timeNanos() - src.firstProbeNanos())
                        + "; its kernel gave up and sent this RST" + seen));
    }
}
