package tcptrace.correlate;

import java.util.Optional;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;

/** APP_CLOSE: a FIN from a traced end whose application closed the socket before it. */
final class AppCloseRule implements Rule {
    @Override
    public Optional<Verdict> decide(EndContext c) {
        SocketEvent cause = c.finCause();
        if (!c.isFin() || cause == null || cause.kind() != EventKind.CLOSE || cause.actor() == CloseActor.CLEANER) {
            return Optional.empty();
        }
        String how = cause.actor() == CloseActor.INTERRUPT
                ? "an interrupt of " + EndContext.thread(cause) + " in blocking I/O closed the channel"
                : "the application closed the socket on " + EndContext.thread(cause);
        return Optional.of(c.because(VerdictKind.APP_CLOSE, cause,
                how + "; the kernel sent this FIN " + c.later(cause)));
    }
}
