package tcptrace.correlate;

import java.util.ArrayList;
import java.util.List;

/**
 * The newest connection of each 4-tuple, by open addressing on the tuple's own hash with linear probing: a lookup
 * makes no object, and an entry costs one array slot instead of a map node and a key. The hashes sit in an array
 * beside the connections: a probe past another tuple's slot then reads an int of a small array instead of a
 * connection of its own, which for a capture holding tens of thousands of connections was a cache miss each.
 */
final class TupleTable {
    private static final int MIN_CAPACITY = 16;

    private Connection[] slots = new Connection[MIN_CAPACITY];
    /** The tuple hash of each slot's connection (anything where the slot is empty). */
    private int[] hashes = new int[MIN_CAPACITY];
    private int size;

    /** The entry for a packet with these ends (in either direction), or null. */
    Connection get(FourTuple t) {
        int mask = slots.length - 1;
        int hash = t.hash;
        int i = hash & mask;
        for (Connection c; (c = slots[i]) != null; i = i + 1 & mask) {
            if (hashes[i] == hash && c.hasEnds(t)) {
                return c;
            }
        }
        return null;
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
        hashes[i] = c.tupleHash();
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
        int hash = c.tupleHash();
        int i = hash & mask;
        while (slots[i] != null && !(hashes[i] == hash && slots[i].hasEndsOf(c))) {
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
            int home = hashes[i] & mask;
            // the entry may fill the gap when its home is not in the cyclic range (gap, i]
            if ((i - home & mask) >= (i - gap & mask)) {
                slots[gap] = slots[i];
                hashes[gap] = hashes[i];
                slots[i] = null;
                gap = i;
            }
        }
    }

    private void resize(int capacity) {
        Connection[] old = slots;
        slots = new Connection[capacity];
        hashes = new int[capacity];
        for (Connection c : old) {
            if (c != null) {
                int i = indexOf(c);
                slots[i] = c;
                hashes[i] = c.tupleHash();
            }
        }
    }
}
