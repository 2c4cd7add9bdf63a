package tcptrace.lab;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tcptrace.scenario.Side;

/**
 * What really happened, from sources that do not pass through tcptrace: the packets as tcpdump reads them, and the
 * kernel's tracepoints. Scenarios state their truth with the {@code require*} methods, which throw
 * {@link Mismatch} when the wire or the kernel disagrees.
 */
public final class GroundTruth {
    private static final String RETRANSMITTED = "  (retransmitted)";

    private final Scope scope;
    private final List<WireSegment> wire;
    private final List<KernelEvent> kernel;
    private final String kernelUnavailable;

    GroundTruth(Scope scope, List<WireSegment> wire, List<KernelEvent> kernel, String kernelUnavailable) {
        this.scope = scope;
        this.wire = wire.stream().filter(s -> scope.contains(s.srcIp(), s.srcPort(), s.dstIp(), s.dstPort())).toList();
        this.kernel = kernel.stream().filter(e -> scope.contains(e.srcIp(), e.srcPort(), e.dstIp(), e.dstPort())
                || e.name().equals("tcp_send_reset") && scope.isListener(e.srcIp(), e.srcPort(), e.dstPort())).toList();
        this.kernelUnavailable = kernelUnavailable;
    }

    /** The ground truth disagrees with what the scenario says it did. */
    public static final class Mismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message);
        }
    }

    /** FINs and RSTs in the order they first appeared; a retransmission (same sender, same sequence) counts once. */
    public List<Teardown> teardown() {
        Set<String> seen = new LinkedHashSet<>();
        List<Teardown> packets = new ArrayList<>();
        for (WireSegment segment : wire) {
            for (String flag : flagsOf(segment)) {
                long seq = flag.equals("FIN") ? segment.finSeq() : segment.seq();
                Side side = side(segment);
                if (seen.add(side + flag + seq)) {
                    packets.add(new Teardown(side, flag));
                }
            }
        }
        return packets;
    }

    public void requireTeardown(Teardown... expected) {
        if (!teardown().equals(List.of(expected))) {
            throw new Mismatch("the wire shows " + describe(teardown()) + ", expected " + describe(List.of(expected)));
        }
    }

    /**
     * A close is three segments when the second FIN carries the ACK of the first (the closer's peer closed before
     * its delayed ACK left), four when the first FIN was acknowledged on its own.
     */
    public int closeSegments() {
        WireSegment first = null;
        for (WireSegment segment : wire) {
            if (first == null) {
                if (segment.fin()) {
                    first = segment;
                }
            } else if (!sameSender(first, segment) && segment.hasAck() && segment.ack() == first.finSeq() + 1) {
                return segment.fin() ? 3 : 4;
            }
        }
        throw new Mismatch("the wire shows no acknowledged FIN");
    }

    public void requireCloseSegments(int segments) {
        int actual = closeSegments();
        if (actual != segments) {
            throw new Mismatch("the close took " + actual + " segments, expected " + segments);
        }
    }

    /** Data or FIN segments that the side sent more than once. */
    public long retransmissions(Side side) {
        Set<Long> sent = new LinkedHashSet<>();
        return wire.stream()
                .filter(s -> side(s) == side && (s.length() > 0 || s.fin()) && !s.syn())
                .filter(s -> !sent.add(s.seq()))
                .count();
    }

    public void requireRetransmissions(Side side) {
        if (retransmissions(side) == 0) {
            throw new Mismatch("the " + side.label() + " never retransmitted");
        }
    }

    /**
     * The kernel of {@code side} sent a RST, for one of the given reasons (names from tcp_send_reset). Without a
     * kernel view (no tracefs) there is nothing to check; {@link #kernelUnavailable()} says so.
     */
    public void requireKernelReset(Side side, String... reasons) {
        if (kernelUnavailable != null) {
            return;
        }
        List<String> sent = kernelResets(side);
        if (sent.stream().noneMatch(List.of(reasons)::contains)) {
            throw new Mismatch("the " + side.label() + "'s kernel sent resets " + sent + ", expected one of "
                    + List.of(reasons));
        }
    }

    /**
     * The last TCP state the kernel gave the side's socket (e.g. TCP_ESTABLISHED: it never left it); not checked
     * without a kernel view.
     */
    public void requireKernelState(Side side, String state) {
        if (kernelUnavailable != null) {
            return;
        }
        List<String> states = kernel.stream()
                .filter(e -> e.name().equals("inet_sock_set_state") && side(e) == side)
                .map(e -> e.field("newstate"))
                .toList();
        if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
            throw new Mismatch("the " + side.label() + "'s socket went through " + states + ", expected to end in "
                    + state);
        }
    }

    public List<String> kernelResets(Side side) {
        return kernel.stream()
                .filter(e -> e.name().equals("tcp_send_reset") && side(e) == side)
                .map(e -> e.field("reason"))
                .toList();
    }

    /** Why the kernel's view is missing, or null when it was recorded. */
    public String kernelUnavailable() {
        return kernelUnavailable;
    }

    /** The FIN and RST packets, one line each, for people to read. */
    public List<String> describeWire() {
        List<String> lines = new ArrayList<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (WireSegment segment : wire) {
            for (String flag : flagsOf(segment)) {
                long seq = flag.equals("FIN") ? segment.finSeq() : segment.seq();
                Integer index = lineOf.putIfAbsent(side(segment) + flag + seq, lines.size());
                if (index == null) {
                    lines.add(String.format("%-6s %s:%d > %s:%d  %s%s", side(segment).label(), segment.srcIp(),
                            segment.srcPort(), segment.dstIp(), segment.dstPort(), flag,
                            segment.hasAck() ? "+ACK" : ""));
                } else if (!lines.get(index).endsWith(RETRANSMITTED)) {
                    lines.set(index, lines.get(index) + RETRANSMITTED);
                }
            }
        }
        return lines;
    }

    private Side side(WireSegment segment) {
        return scope.sideOf(segment.srcIp(), segment.srcPort());
    }

    private Side side(KernelEvent event) {
        return scope.sideOf(event.srcIp(), event.srcPort());
    }

    private static boolean sameSender(WireSegment a, WireSegment b) {
        return a.srcIp().equals(b.srcIp()) && a.srcPort() == b.srcPort();
    }

    private static List<String> flagsOf(WireSegment segment) {
        List<String> flags = new ArrayList<>(2);
        if (segment.fin()) {
            flags.add("FIN");
        }
        if (segment.rst()) {
            flags.add("RST");
        }
        return flags;
    }

    private static String describe(List<Teardown> packets) {
        return packets.isEmpty() ? "no FIN or RST" : packets.toString();
    }
}
