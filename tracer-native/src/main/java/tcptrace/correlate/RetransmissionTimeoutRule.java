package tcptrace.correlate;

import java.util.Optional;
import tcptrace.Durations;

/**
 * RETRANSMISSION_TIMEOUT: no packet ends the connection; src retransmitted one segment without an answer, went
 * silent (the kernel sends nothing when tcp_retries2 runs out), and its application saw "Connection timed out".
 */
final class RetransmissionTimeoutRule implements Rule {
    @Override
    public Optional<Verdict> decide(EndContext c) {
        Side src = c.srcSide();
        if (c.packet() != null || c.timeoutError() == null || src == null || src.unansweredRetransmissions() == 0) {
            return Optional.empty();
        }
        return Optional.of(c.because(VerdictKind.RETRANSMISSION_TIMEOUT, c.timeoutError(),
                c.src() + " retransmitted seq " + src.retransmittedSeq() + " " + src.unansweredRetransmissions()
                        + " times over " + Durations.human(src.lastRetransmissionNanos()
                        - src.firstRetransmissionNanos()) + " without an answer, then went silent; the kernel gave "
                        + "up and the application on " + EndContext.thread(c.timeoutError()) + " saw \""
                        + c.timeoutError().message() + "\""));
    }
}
