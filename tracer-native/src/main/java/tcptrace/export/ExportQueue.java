package tcptrace.export;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded queue between the capture and an exporter. The capture only ever {@link #offer}s: a full queue drops the
 * newest and counts it, never blocks. The exporter reads from the head and removes a batch only once it was
 * delivered, so what is queued survives a collector that is down.
 */
final class ExportQueue<T> {
    private final int bound;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private long offered;
    private long dropped;
    private long delivered;

    ExportQueue(int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound " + bound);
        }
        this.bound = bound;
    }

    /** Queues {@code item}, or drops and counts it when the queue holds its bound already. */
    boolean offer(T item) {
        lock.lock();
        try {
            offered++;
            if (items.size() >= bound) {
                dropped++;
                return false;
            }
            items.addLast(item);
            nonEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Counts an item that could not even be made, as dropped. */
    void discard() {
        lock.lock();
        try {
            offered++;
            dropped++;
        } finally {
            lock.unlock();
        }
    }

    /** Up to {@code max} items from the head, left in the queue; waits up to {@code waitNanos} for one. */
    List<T> peek(int max, long waitNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = waitNanos;
            while (items.isEmpty() && left > 0) {
                left = nonEmpty.awaitNanos(left);
            }
            List<T> batch = new ArrayList<>(Math.min(max, items.size()));
            for (T item : items) {
                if (batch.size() == max) {
                    break;
                }
                batch.add(item);
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Removes the {@code n} head items, which were delivered. */
    void delivered(int n) {
        lock.lock();
        try {
            for (int i = 0; i < n && !items.isEmpty(); i++) {
                items.removeFirst();
            }
            delivered += n;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a reader waiting in {@link #peek}. */
    void wake() {
        lock.lock();
        try {
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    long offered() {
        lock.lock();
        try {
            return offered;
        } finally {
            lock.unlock();
        }
    }

    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    long delivered() {
        lock.lock();
        try {
            return delivered;
        } finally {
            lock.unlock();
        }
    }
}
