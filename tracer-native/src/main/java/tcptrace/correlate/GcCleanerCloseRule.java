package tcptrace.correlate;

import java.util.Optional;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;

/** GC_CLEANER_CLOSE: a FIN after the JDK's cleaner closed a socket nobody referenced any more (a leak). */
final class GcCleanerCloseRule implements Rule {
    @Override
    public Optional<Verdict> decide(EndContext c) {
        SocketEvent cause = c.finCause();
        if (!c.isFin() || cause == null || cause.kind() != EventKind.CLOSE || cause.actor() != CloseActor.CLEANER) {
            return Optional.empty();
        }
        // the agent records, for a cleaner close, the stack of where the socket was opened: that is the leak;
        // with stack=close or stack=0 it kept none, and the explanation must not promise one
        String where = cause.stack().isEmpty()
                ? "a leak; where it was opened is unknown: the agent kept no opening stack (stack=close or stack=0)"
                : "a leak: the stack shows where it was opened";
        return Optional.of(c.because(VerdictKind.GC_CLEANER_CLOSE, cause,
                "the socket became unreachable and the JDK's cleaner closed it on " + EndContext.thread(cause)
                        + " (" + where + "); the kernel sent this FIN " + c.later(cause)));
    }
}
