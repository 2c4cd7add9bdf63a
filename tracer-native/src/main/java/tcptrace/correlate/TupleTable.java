package tcptrace.correlate;

import java.util.ArrayList;
import java.util.List;

/**
 * The newest connection of each 4-tuple, by open addressing on the tuple's own hash with linear probing: a lookup
 * makes no object, and an entry costs one array slot instead of a map node and a key. Connections only, no array of
 * hashes beside them: at most half full, most lookups end at their first slot, where a second array would be one
 * more cache miss per packet.
 */
final class TupleTable {
    private static final int MIN_CAPACITY = 16;

    private Connection[] slots = new Connection[MIN_CAPACITY];
    private int size;

    /** The entry for a packet with these ends (in either direction), or null. */
    Connection get(FourTuple t) {
        int mask = slots.length - 1;
        int i = t.hash & mask;
        while (slots[i] != null && !slots[i].hasEnds(t)) {
            i = i + 1 & mask;
        }
        return slots[i];
    }

    /** The entry of {@code c}'s 4-tuple ({@code c} itself or another), or null. */
    Connection entryOf(Connection c) {
        return slots[indexOf(c)];
    }

    /** Makes {@code c} the entry of its tuple, replacing the one there. */
    void put(Connection c) {
        int i = indexOf(c);
        if (slots[i] != null) {
            slots[i] = c;
            return;
        }
        slots[i] = c;
        // at most half full, so that probes stay short
        if (++size > slots.length / 2) {
            resize(slots.length * 2);
        }
    }

    /** Removes the entry of {@code c}'s 4-tuple, if any. */
    void remove(Connection c) {
        int i = indexOf(c);
        if (slots[i] == null) {
            return;
        }
        slots[i] = null;
        size--;
        closeGap(i);
        if (slots.length > MIN_CAPACITY && size < slots.length / 8) {
            resize(slots.length / 2);
        }
    }

    int size() {
        return size;
    }

    /** Every entry, in no particular order. */
    List<Connection> entries() {
        List<Connection> all = new ArrayList<>(size);
        for (Connection c : slots) {
            if (c != null) {
                all.add(c);
            }
        }
        return all;
    }

    /** The slot of {@code c}'s 4-tuple, or the empty slot where it would go. */
    private int indexOf(Connection c) {
        int mask = slots.length - 1;
        int i = c.tupleHash() & mask;
        while (slots[i] != null && !slots[i].hasEndsOf(c)) {
            i = i + 1 & mask;
        }
        return i;
    }

    /**
     * Moves back the entries after an emptied slot that could not be found past it any more (Knuth's deletion for
     * linear probing): no tombstones, so lookups never slow down as connections come and go.
     */
    private void closeGap(int gap) {
        int mask = slots.length - 1;
        for (int i = gap + 1 & mask; slots[i] != null; i = i + 1 & mask) {
            int home = slots[i].tupleHash() & mask;
            // the entry may fill the gap when its home is not in the cyclic range (gap, i]
            if ((i - home & mask) >= (i - gap & mask)) {
                slots[gap] = slots[i];
                slots[i] = null;
                gap = i;
            }
        }
    }

    private void resize(int capacity) {
        Connection[] old = slots;
        slots = new Connection[capacity];
        for (Connection c : old) {
            if (c != null) {
                slots[indexOf(c)] = c;
            }
        }
    }
}
