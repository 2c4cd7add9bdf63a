package tcptrace;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A priority queue for items that mostly arrive in order, as the ends and verdicts of a capture read in time order
 * do: those go to the back of a plain queue in O(1), and only the few that arrive early (behind an item already
 * queued) go to a heap, instead of every item paying a heap's cache-missing sift through a large queue.
 *
 * @param <T> the items; {@code order} must be total (ties broken), so the split between the two cannot show
 */
public final class ArrivalOrderedQueue<T> {
    private final Comparator<T> order;
    private final ArrayDeque<T> inOrder = new ArrayDeque<>();
    private final PriorityQueue<T> early;

    public ArrivalOrderedQueue(Comparator<T> order) {
        this.order = order;
        this.early = new PriorityQueue<>(order);
    }

    public void add(T item) {
        if (inOrder.isEmpty() || order.compare(inOrder.peekLast(), item) <= 0) {
            inOrder.addLast(item);
        } else {
            early.add(item);
        }
    }

    /** The least item, or null when empty. */
    public T peek() {
        T a = inOrder.peekFirst();
        T b = early.peek();
        return a == null ? b : b == null || order.compare(a, b) <= 0 ? a : b;
    }

    /** Removes and returns the least item, or null when empty. */
    public T poll() {
        T least = peek();
        if (least != null && least == inOrder.peekFirst()) {
            return inOrder.pollFirst();
        }
        return early.poll();
    }

    public boolean isEmpty() {
        return inOrder.isEmpty() && early.isEmpty();
    }
}
