package tcptrace.correlate;

import java.util.Optional;
import tcptrace.Durations;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;

/** PEER_CLOSE: a FIN from an end that is neither traced nor of this host. */
final class PeerCloseRule implements Rule {
    @Override
    public Optional<Verdict> decide(EndContext c) {
        if (!c.isFin() || c.srcKnownLocal()) {
            return Optional.empty();
        }
        String seen = "";
        if (c.dstApp() != null) {
            SocketEvent eof = c.dstApp().firstAtOrAfter(c.timeNanos(), EventKind.EOF);
            if (eof != null) {
                seen = "; the application at " + c.dst() + " (" + c.dstApp().jvm().describe()
                        + ") read end-of-stream on " + EndContext.thread(eof) + " "
                        + Durations.human(eof.epochNanos() - c.timeNanos()) + " later";
            }
        }
        String idle = c.idleNanos() < 0 ? "" : " after " + Durations.human(c.idleNanos()) + " without data";
        return Optional.of(c.withoutCause(VerdictKind.PEER_CLOSE,
                c.src() + " is not traced: the peer closed its end of the connection" + idle + seen));
    }
}
