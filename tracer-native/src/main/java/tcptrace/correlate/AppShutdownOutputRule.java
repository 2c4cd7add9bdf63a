package tcptrace.correlate;

import java.util.Optional;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;

/** APP_SHUTDOWN_OUTPUT: a FIN from a traced end whose application half-closed the socket before it. */
final class AppShutdownOutputRule implements Rule {
    @Override
    public Optional<Verdict> decide(EndContext c) {
        SocketEvent cause = c.finCause();
        if (!c.isFin() || cause == null || cause.kind() != EventKind.SHUTDOWN_OUTPUT) {
            return Optional.empty();
        }
        return Optional.of(c.because(VerdictKind.APP_SHUTDOWN_OUTPUT, cause,
                "the application shut down output (half-close) on " + EndContext.thread(cause)
                        + "; the kernel sent this FIN " + c.later(cause)));
    }
}
