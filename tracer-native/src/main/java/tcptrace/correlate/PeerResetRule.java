package tcptrace.correlate;

import java.util.Optional;

/**
 * PEER_RESET: a RST from an end that is neither traced nor of this host. The reason comes from what the RST answers:
 * a SYN → "refused"; a segment answered by a bare RST (no ACK flag, seq = that segment's ack, as a host without a
 * socket for it replies, RFC 793) → "no-socket".
 *
 * <p>An end of this host is no peer, but these two RSTs are its kernel's answers for a port or connection that no
 * socket holds: nothing there could have been traced, and the wire says all. Any other RST of such an end comes from
 * a socket, whose owner is unknown: it is left to UNATTRIBUTED.
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
            return Optional.of(c.verdict(VerdictKind.PEER_RESET, null, null, "refused", null, local == null
                    ? c.src() + " is not traced: the peer refused the connection (nothing listens on port "
                            + c.src().port() + ")"
                    : c.src() + " is " + local.where().where() + " and nothing listens on port " + c.src().port()
                            + " there: its kernel refused the connection"));
        }
        if (answered != null && !rst.hasAck() && answered.hasAck() && rst.seq() == answered.ack()) {
            return Optional.of(c.verdict(VerdictKind.PEER_RESET, null, null, "no-socket", null, local == null
                    ? c.src() + " is not traced: the peer no longer knows this connection (restarted, or it timed "
                            + "out there) and answered a segment from " + c.dst() + " with this RST"
                    : c.src() + " is " + local.where().where() + " and no socket there knows this connection any "
                            + "more: its kernel answered a segment from " + c.dst() + " with this RST"));
        }
        if (local != null) {
            return Optional.empty();
        }
        return Optional.of(c.verdict(VerdictKind.PEER_RESET, null, null, null, null,
                c.src() + " is not traced: the peer aborted the connection"));
    }
}
