package tcptrace.export;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import tcptrace.agent.event.Endpoint;
import tcptrace.correlate.Verdict;

/**
 * The dimensions a verdict is counted by: a handful of values each, never a 4-tuple or a pid (every connection would
 * be a series of its own). The peer endpoint is one series per peer, so it is there only when asked for.
 */
final class VerdictLabels {
    static final String VERDICT = "verdict";
    static final String PACKET = "packet";
    static final String REASON = "reason";
    static final String EXIT = "exit";
    static final String PEER = "peer";

    private final boolean withPeer;
    private final Predicate<Endpoint> localHost;

    /**
     * @param withPeer  count by the peer endpoint too
     * @param localHost whether an endpoint is this host's: the peer is the other end
     */
    VerdictLabels(boolean withPeer, Predicate<Endpoint> localHost) {
        this.withPeer = withPeer;
        this.localHost = localHost;
    }

    List<String> names() {
        return withPeer ? List.of(VERDICT, PACKET, REASON, EXIT, PEER) : List.of(VERDICT, PACKET, REASON, EXIT);
    }

    /** The values in the order of {@link #names()}; "" where the verdict has none (Prometheus: no label). */
    List<String> values(Verdict v) {
        List<String> values = new ArrayList<>(5);
        values.add(v.verdict().name());
        values.add(v.packet() == null ? "" : v.packet().wire());
        values.add(v.reason() == null ? "" : v.reason().wire());
        values.add(v.exit() == null ? "" : v.exit().wire());
        if (withPeer) {
            values.add(peer(v).toString());
        }
        return values;
    }

    /** The end that is not this host's; for a connection within this host, {@code dst}. */
    Endpoint peer(Verdict v) {
        return localHost.test(v.src()) ? v.dst() : v.src();
    }

}
