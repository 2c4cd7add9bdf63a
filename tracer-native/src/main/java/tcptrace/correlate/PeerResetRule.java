package tcptrace.correlate;

import java.util.Optional;
import tcptrace.agent.event.SocketEvent;

/**
 * PEER_RESET: a RST from an end that is neither traced nor of this host. The reason comes from what the RST answers:
 * a SYN → {@link ResetReason#REFUSED}; data sent after the peer's own FIN → {@link ResetReason#CLOSED} (it looks
 * like the next case on the wire, and is told apart by that FIN); a segment answered by a bare RST (no ACK flag,
 * seq = that segment's ack, as a host without a socket for it replies, RFC 793) → {@link ResetReason#NO_SOCKET}.
 *
 * <p>An end of this host is no peer, but a refusal and a no-socket RST are its kernel's answers for a port or
 * connection that no socket holds: nothing there could have been traced, and the wire says all. Any other RST of
 * such an end (a stale reuse included: that end's FIN already stood without an owner) comes from a socket whose owner
 * is unknown: it is left to UNATTRIBUTED.
 */
final class PeerResetRule implements Rule {
    @Override
    public Optional<Verdict> decide(EndContext c) {
        if (!c.isRst() || c.srcApp() != null) {
            return Optional.empty();
        }
        Packet rst = c.packet();
        Packet answered = c.answered();
        LocalSrc local = c.srcLocal();
        if (answered != null && answered.syn() && !answered.hasAck()) {
            return Optional.of(c.peerReset(ResetReason.REFUSED, null, local == null
                    ? c.src() + " is not traced: the peer refused the connection (nothing listens on port "
                            + c.src().port() + ")"
                    : c.src() + " is " + local.where().where() + " and nothing listens on port " + c.src().port()
                            + " there: its kernel refused the connection"));
        }
        StaleReuse stale = local == null ? StaleReuse.of(c) : null;
        if (stale != null) {
            SocketEvent failure = stale.failure();
            return Optional.of(c.peerReset(ResetReason.CLOSED, failure == null ? null : failure.stack(),
                    stale.explanation(failure)));
        }
        if (answered != null && !rst.hasAck() && answered.hasAck() && rst.seq() == answered.ack()) {
            return Optional.of(c.peerReset(ResetReason.NO_SOCKET, null, local == null
                    ? c.src() + " is not traced: the peer no longer knows this connection (restarted, or it timed "
                            + "out there) and answered a segment from " + c.dst() + " with this RST"
                    : c.src() + " is " + local.where().where() + " and no socket there knows this connection any "
                            + "more: its kernel answered a segment from " + c.dst() + " with this RST"));
        }
        if (local != null) {
            return Optional.empty();
        }
        return Optional.of(c.peerReset(null, null, c.src() + " is not traced: the peer aborted the connection"));
    }
}
