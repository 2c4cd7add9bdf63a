package tcptrace.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tcptrace.agent.event.Endpoint;
import tcptrace.correlate.PacketKind;
import tcptrace.correlate.ResetReason;
import tcptrace.correlate.Verdict;
import tcptrace.correlate.VerdictKind;

/**
 * Per remote endpoint: the connections it closed after they sat idle, and the stale reuses (PEER_RESET
 * {@code closed}) it answered. Bounded, since a live capture runs for days: per-peer aggregates, a bounded sample of
 * idle times and of reuses per peer, and at most {@link #MAX_PEERS} peers; what is left out is counted.
 */
final class IdlePeers {
    /**
     * A peer's FIN after this much silence is an idle close: an idle timeout (nginx's 75 s, a load balancer's 60 s,
     * a database's idle session timeout) rather than a reply that ends with a close, which follows its data at once.
     */
    static final Duration IDLE_CLOSE = Duration.ofSeconds(1);
    static final int MAX_PEERS = 200;

    private final Map<Endpoint, IdlePeer> peers = new HashMap<>();
    private long peersLeftOut;

    void add(Verdict v) {
        boolean idleClose = v.verdict() == VerdictKind.PEER_CLOSE && v.packet() == PacketKind.FIN && v.idle() != null
                && v.idle().compareTo(IDLE_CLOSE) >= 0;
        boolean staleReuse = v.verdict() == VerdictKind.PEER_RESET && v.reason() == ResetReason.CLOSED;
        if (!idleClose && !staleReuse) {
            return;
        }
        IdlePeer peer = peers.get(v.src());
        if (peer == null) {
            if (peers.size() == MAX_PEERS) {
                peersLeftOut++;
                return;
            }
            peer = new IdlePeer(v.src());
            peers.put(v.src(), peer);
        }
        if (idleClose) {
            peer.idleClose(v);
        } else {
            peer.staleReuse(v);
        }
    }

    boolean isEmpty() {
        return peers.isEmpty() && peersLeftOut == 0;
    }

    /** The peers, those with the most stale reuses first, then those with the most idle closes. */
    List<IdlePeer> peers() {
        List<IdlePeer> out = new ArrayList<>(peers.values());
        out.sort(Comparator.comparingLong(IdlePeer::reuses).thenComparingLong(IdlePeer::idleCloses).reversed()
                .thenComparing(p -> p.endpoint().toString()));
        return out;
    }

    /** Verdicts about peers beyond the first {@link #MAX_PEERS}, not summarised. */
    long peersLeftOut() {
        return peersLeftOut;
    }
}
