package tcptrace.correlate;

import java.util.Optional;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;

/**
 * APP_ABORT for a RST that answers data arriving after a close shut the input down on its way (SSLSocket's close
 * shuts both directions down before it closes the socket): Linux resets a connection whose input is shut down when
 * more data comes in after its FIN. The close that followed on the same thread, inside the same close method, is
 * the cause.
 */
final class ShutdownInsideCloseAbortRule implements Rule {
    @Override
    public Optional<Verdict> decide(EndContext c) {
        Packet data = c.answered();
        SocketEvent shutdown = c.srcApp() == null || !c.isRst() ? null
                : c.srcApp().firstAtOrBefore(c.timeNanos(), EventKind.SHUTDOWN_INPUT);
        if (shutdown == null || data == null || data.payloadLength() == 0 || data.timeNanos() < shutdown.epochNanos()) {
            return Optional.empty();
        }
        SocketEvent close = c.closeAfterOnSameThread(shutdown);
        if (close == null || close.actor() != CloseActor.APP) {
            return Optional.empty();
        }
        return EnclosingClose.of(shutdown.stack(), close.stack()).map(method -> c.because(VerdictKind.APP_ABORT, close,
                "the application closed the socket on " + EndContext.thread(close) + " and the close in " + method
                        + " shut the input down first; " + data.payloadLength() + " bytes that arrived after it made"
                        + " the kernel send this RST " + c.later(shutdown)));
    }
}
