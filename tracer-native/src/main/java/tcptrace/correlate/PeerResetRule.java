package tcptrace.correlate;

import java.util.Optional;
import tcptrace.agent.event.SocketEvent;

/**
 * PEER_RESET: a RST from an end that is neither traced nor of this host. The reason comes from what the RST answers:
 * a SYN → {@link ResetReason#REFUSED}; data sent after the peer's own FIN → {@link ResetReason#CLOSED} (it looks
 * like the next case on the wire, and is told apart by that FIN); a segment answered by a bare RST (no ACK flag, seq = that segment's ack, as a host without a
 * socket for it replies, RFC 793) → {@link ResetReason#NO_SOCKET}.
 */
final class PeerResetRule implements Rule {
    @Override
    public Optional<Verdict> decide(EndContext c) {
        if (!c.isRst() || c.srcKnownLocal()) {
            return Optional.empty();
        }
        Packet rst = c.packet();
        Packet answered = c.answered();
        String notTraced = c.src() + " is not traced: ";
        if (answered != null && answered.syn() && !answered.hasAck()) {
            return Optional.of(c.peerReset(ResetReason.REFUSED, null,
                    notTraced + "the peer refused the connection (nothing listens on port " + c.src().port() + ")"));
        }
        StaleReuse stale = StaleReuse.of(c);
        if (stale != null) {
            SocketEvent failure = stale.failure();
            return Optional.of(c.peerReset(ResetReason.CLOSED, failure == null ? null : failure.stack(),
                    stale.explanation(failure)));
        }
        if (answered != null && !rst.hasAck() && answered.hasAck() && rst.seq() == answered.ack()) {
            return Optional.of(c.peerReset(ResetReason.NO_SOCKET, null,
                    notTraced + "the peer no longer knows this connection (restarted, or it timed out there) and "
                            + "answered a segment from " + c.dst() + " with this RST"));
        }
        return Optional.of(c.peerReset(null, null,
                notTraced + "the peer aborted the connection"));
    }
}
