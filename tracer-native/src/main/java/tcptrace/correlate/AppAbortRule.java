package tcptrace.correlate;

import java.util.Optional;
import tcptrace.agent.event.SocketEvent;

/**
 * APP_ABORT: a RST from a traced end whose application closed the socket before it, either with SO_LINGER=0 or with
 * data received that it never read (the kernel then resets instead of sending a FIN).
 */
final class AppAbortRule implements Rule {
    @Override
    public Optional<Verdict> decide(EndContext c) {
        SocketEvent close = c.closeBefore();
        if (!c.isRst() || close == null) {
            return Optional.empty();
        }
        String closed = "the application closed the socket on " + EndContext.thread(close);
        if (close.options().linger() == 0) {
            return Optional.of(c.because(VerdictKind.APP_ABORT, close,
                    closed + " with SO_LINGER=0; the kernel sent this RST instead of a FIN " + c.later(close)));
        }
        Side peer = c.dstSide();
        long received = peer == null ? -1 : peer.bytesSent();
        if (received > close.bytesRead()) {
            return Optional.of(c.because(VerdictKind.APP_ABORT, close,
                    closed + " with unread data (" + received + " bytes received on the wire, " + close.bytesRead()
                            + " read); the kernel sent this RST instead of a FIN " + c.later(close)));
        }
        return Optional.empty();
    }
}
