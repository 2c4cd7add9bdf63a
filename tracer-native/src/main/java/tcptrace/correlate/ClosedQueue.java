package tcptrace.correlate;

/**
 * Application connections in the order they were closed, oldest first, from which one forgotten otherwise can be
 * taken out at once: a large capture forgets most of them with their wire connection, and a queue that still named
 * them would keep them reachable for the whole quiet margin.
 */
final class ClosedQueue {
    private static final int MIN_CAPACITY = 16;

    private AppConnection[] ring = new AppConnection[MIN_CAPACITY];
    private int head;
    private int size;
    /** How many were polled so far: the number of the one at the head. */
    private long polled;

    void addLast(AppConnection c) {
        if (size == ring.length) {
            grow();
        }
        ring[head + size & ring.length - 1] = c;
        c.queuedAt(polled + size);
        size++;
    }

    /** Takes {@code c} out, if queued; the emptied place is skipped. */
    void remove(AppConnection c) {
        long at = c.queuedAt();
        if (at >= polled && at < polled + size) {
            ring[(int) (head + (at - polled)) & ring.length - 1] = null;
        }
        c.queuedAt(-1);
    }

    /** The oldest still queued, or null; drops the emptied places before it. */
    AppConnection peekFirst() {
        while (size > 0 && ring[head] == null) {
            poll();
        }
        return size == 0 ? null : ring[head];
    }

    /** Removes and returns the oldest still queued, or null. */
    AppConnection pollFirst() {
        AppConnection c = peekFirst();
        if (c != null) {
            poll();
            c.queuedAt(-1);
        }
        return c;
    }

    private void poll() {
        ring[head] = null;
        head = head + 1 & ring.length - 1;
        size--;
        polled++;
    }

    private void grow() {
        AppConnection[] r = new AppConnection[ring.length * 2];
        int firstPart = Math.min(size, ring.length - head);
        System.arraycopy(ring, head, r, 0, firstPart);
        System.arraycopy(ring, 0, r, firstPart, size - firstPart);
        ring = r;
        head = 0;
    }
}
