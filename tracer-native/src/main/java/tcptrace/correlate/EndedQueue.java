package tcptrace.correlate;

/**
 * A first-in first-out queue of (connection, time) pairs in two parallel ring arrays: a large capture queues one
 * pair per packet of an ended connection, by the hundred thousand, and a pair here costs 12 bytes where a record in
 * a deque costs 28.
 */
final class EndedQueue {
    private static final int MIN_CAPACITY = 16;

    private Connection[] connections = new Connection[MIN_CAPACITY];
    private long[] times = new long[MIN_CAPACITY];
    private int head;
    private int size;
    /** How many pairs were polled so far: the number of the pair at the head. */
    private long polled;

    void addLast(Connection c, long nanos) {
        if (size == connections.length) {
            grow();
        }
        int tail = head + size & connections.length - 1;
        connections[tail] = c;
        times[tail] = nanos;
        size++;
    }

    /**
     * Adds the pair as {@link #addLast}, and empties the connection's previous pair added so, if still queued: for a
     * queue that needs only each connection's newest pair, whose older ones would keep it reachable for nothing.
     * A connection takes part in one such queue.
     */
    void addLatest(Connection c, long nanos) {
        remove(c);
        addLast(c, nanos);
        c.queuedAt(polled + size - 1);
    }

    /** Empties the pair {@link #addLatest} added for {@code c}, if still queued: {@link #pollFirst} gives null there. */
    void remove(Connection c) {
        long at = c.queuedAt();
        if (at >= polled && at < polled + size) {
            connections[(int) (head + (at - polled)) & connections.length - 1] = null;
        }
        c.queuedAt(-1);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The time of the oldest pair; the queue must not be empty. */
    long firstTime() {
        return times[head];
    }

    /** Removes the oldest pair and returns its connection (null where it was removed); the queue must not be empty. */
    Connection pollFirst() {
        Connection c = connections[head];
        connections[head] = null; // the queue must not keep a forgotten connection reachable
        head = head + 1 & connections.length - 1;
        size--;
        polled++;
        return c;
    }

    private void grow() {
        int capacity = connections.length * 2;
        Connection[] c = new Connection[capacity];
        long[] t = new long[capacity];
        int firstPart = Math.min(size, connections.length - head);
        System.arraycopy(connections, head, c, 0, firstPart);
        System.arraycopy(connections, 0, c, firstPart, size - firstPart);
        System.arraycopy(times, head, t, 0, firstPart);
        System.arraycopy(times, 0, t, firstPart, size - firstPart);
        connections = c;
        times = t;
        head = 0;
    }
}
