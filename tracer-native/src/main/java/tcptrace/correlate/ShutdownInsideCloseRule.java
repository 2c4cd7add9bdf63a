package tcptrace.correlate;

import java.util.Optional;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;

/**
 * APP_CLOSE for a FIN that a shutdownOutput sent from inside a close of the same socket: SSLSocket's close shuts
 * the output down after its close_notify, Apache HttpClient 5's graceful IOSessionImpl.close before it closes the
 * channel. Nothing half-closed there: the close that followed on the same thread, inside the same close method, is
 * the cause, and its stack is the one to show. A half-close of the application's own stays APP_SHUTDOWN_OUTPUT.
 */
final class ShutdownInsideCloseRule implements Rule {
    @Override
    public Optional<Verdict> decide(EndContext c) {
        SocketEvent shutdown = c.finCause();
        if (!c.isFin() || shutdown == null || shutdown.kind() != EventKind.SHUTDOWN_OUTPUT) {
            return Optional.empty();
        }
        SocketEvent close = c.closeAfterOnSameThread(shutdown);
        if (close == null || close.actor() != CloseActor.APP) {
            return Optional.empty();
        }
        return EnclosingClose.of(shutdown.stack(), close.stack()).map(method -> c.because(VerdictKind.APP_CLOSE, close,
                "the application closed the socket on " + EndContext.thread(close) + " and the close in " + method
                        + " shut the output down first (no half-close); the kernel sent this FIN "
                        + c.later(shutdown)));
    }
}
