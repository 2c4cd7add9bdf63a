package tcptrace.correlate;

import java.util.function.Consumer;

/**
 * One traced JVM's application connections by the connection id its agent gave them, by open addressing with
 * linear probing on the id's own bits: a busy journal names a connection in every record, and a map of boxed keys
 * and nodes cost a few cache misses each time.
 */
final class ConnectionIds {
    private static final int MIN_CAPACITY = 16;

    private long[] ids = new long[MIN_CAPACITY];
    private AppConnection[] connections = new AppConnection[MIN_CAPACITY];
    private int size;

    /** The connection of {@code id} (never 0), or null. */
    AppConnection get(long id) {
        int mask = ids.length - 1;
        for (int i = slot(id, mask); connections[i] != null; i = i + 1 & mask) {
            if (ids[i] == id) {
                return connections[i];
            }
        }
        return null;
    }

    /** Files {@code c} under {@code id}, replacing the one there. */
    void put(long id, AppConnection c) {
        int mask = ids.length - 1;
        int i = slot(id, mask);
        for (; connections[i] != null; i = i + 1 & mask) {
            if (ids[i] == id) {
                connections[i] = c;
                return;
            }
        }
        ids[i] = id;
        connections[i] = c;
        // at most half full, so that probes stay short
        if (++size > ids.length / 2) {
            resize(ids.length * 2);
        }
    }

    /** Forgets {@code id} if it names {@code c}. */
    void remove(long id, AppConnection c) {
        int mask = ids.length - 1;
        int i = slot(id, mask);
        for (; connections[i] != null; i = i + 1 & mask) {
            if (ids[i] == id) {
                if (connections[i] != c) {
                    return;
                }
                connections[i] = null;
                size--;
                closeGap(i);
                if (ids.length > MIN_CAPACITY && size < ids.length / 8) {
                    resize(ids.length / 2);
                }
                return;
            }
        }
    }

    void forEach(Consumer<AppConnection> action) {
        for (AppConnection c : connections) {
            if (c != null) {
                action.accept(c);
            }
        }
    }

    /** Moves back the entries after an emptied slot that could no longer be found past it (no tombstones). */
    private void closeGap(int gap) {
        int mask = ids.length - 1;
        for (int i = gap + 1 & mask; connections[i] != null; i = i + 1 & mask) {
            int home = slot(ids[i], mask);
            if ((i - home & mask) >= (i - gap & mask)) {
                ids[gap] = ids[i];
                connections[gap] = connections[i];
                connections[i] = null;
                gap = i;
            }
        }
    }

    private void resize(int capacity) {
        long[] oldIds = ids;
        AppConnection[] old = connections;
        ids = new long[capacity];
        connections = new AppConnection[capacity];
        size = 0;
        for (int i = 0; i < old.length; i++) {
            if (old[i] != null) {
                put(oldIds[i], old[i]);
            }
        }
    }

    private static int slot(long id, int mask) {
        long h = id * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ h >>> 32) & mask;
    }
}
