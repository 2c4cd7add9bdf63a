package tcptrace.report;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import tcptrace.ArrivalOrderedQueue;
import tcptrace.correlate.Verdict;
import tcptrace.correlate.VerdictKind;

/**
 * Passes verdicts on in time order (equal times in the order they came), each as soon as no verdict still to come
 * can be earlier: a report of a large capture then holds only the verdicts of its last moments, not all of them.
 */
public final class VerdictOrder {
    private record Held(Verdict verdict, long order) {
    }

    private final Consumer<Verdict> out;
    private final ArrivalOrderedQueue<Held> held = new ArrivalOrderedQueue<>((a, b) -> a.verdict().timeNanos()
            != b.verdict().timeNanos() ? Long.compare(a.verdict().timeNanos(), b.verdict().timeNanos())
            : Long.compare(a.order(), b.order()));
    private final Map<VerdictKind, Long> counts = new EnumMap<>(VerdictKind.class);
    private long order;

    public VerdictOrder(Consumer<Verdict> out) {
        this.out = out;
    }

    public void add(Verdict v) {
        held.add(new Held(v, order++));
        counts.merge(v.verdict(), 1L, Long::sum);
    }

    /** Passes on the verdicts of up to {@code nanos}: the caller knows none that early is still to come. */
    public void releaseUpTo(long nanos) {
        while (!held.isEmpty() && held.peek().verdict().timeNanos() <= nanos) {
            out.accept(held.poll().verdict());
        }
    }

    public void releaseAll() {
        while (!held.isEmpty()) {
            out.accept(held.poll().verdict());
        }
    }

    /** Verdicts per kind, of all added so far. */
    public Map<VerdictKind, Long> counts() {
        return counts;
    }
}
