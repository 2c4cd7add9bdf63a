package tcptrace.agent.connection;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A map from objects, compared by identity and held weakly, to values. Look-ups take no lock and allocate nothing
 * (they run on every socket read and write); changes take a short lock and happen once per connection. Chains are
 * never modified in place, so a reader always sees a consistent one. Holds at most {@code capacity} keys.
 */
final class WeakIdentityTable<V> {
    private static final int INITIAL_BUCKETS = 256;

    private final ReferenceQueue<Object> cleared = new ReferenceQueue<>();
    private final int capacity;
    private volatile AtomicReferenceArray<Entry<V>> buckets = new AtomicReferenceArray<>(INITIAL_BUCKETS);
    private int size;

    WeakIdentityTable(int capacity) {
        this.capacity = capacity;
    }

    V get(Object key) {
        int h = System.identityHashCode(key);
        AtomicReferenceArray<Entry<V>> b = buckets;
        for (Entry<V> e = b.get(h & (b.length() - 1)); e != null; e = e.next) {
            if (e.hash == h && e.refersTo(key)) {
                return e.value;
            }
        }
        return null;
    }

    /** The value already there, or {@code value} once stored; null when the table is full. */
    synchronized V putIfAbsent(Object key, V value) {
        V old = get(key);
        if (old != null) {
            return old;
        }
        expungeCleared();
        if (size >= capacity) {
            return null;
        }
        if (size >= buckets.length() * 3 / 4) {
            grow();
        }
        int h = System.identityHashCode(key);
        AtomicReferenceArray<Entry<V>> b = buckets;
        int i = h & (b.length() - 1);
        b.set(i, new Entry<>(key, h, value, b.get(i), cleared));
        size++;
        return value;
    }

    synchronized void remove(Object key) {
        int h = System.identityHashCode(key);
        AtomicReferenceArray<Entry<V>> b = buckets;
        int i = h & (b.length() - 1);
        for (Entry<V> e = b.get(i); e != null; e = e.next) {
            if (e.hash == h && e.refersTo(key)) {
                unlink(b, i, e);
                return;
            }
        }
    }

    synchronized int size() {
        expungeCleared();
        return size;
    }

    private void expungeCleared() {
        for (Reference<?> r; (r = cleared.poll()) != null; ) {
            @SuppressWarnings("unchecked")
            Entry<V> dead = (Entry<V>) r;
            AtomicReferenceArray<Entry<V>> b = buckets;
            int i = dead.hash & (b.length() - 1);
            for (Entry<V> e = b.get(i); e != null; e = e.next) {
                if (e == dead) {
                    unlink(b, i, e);
                    break;
                }
            }
        }
    }

    /** Copies the chain up to {@code victim} and links the copy to what follows it. */
    private void unlink(AtomicReferenceArray<Entry<V>> b, int i, Entry<V> victim) {
        Entry<V> rest = victim.next;
        for (Entry<V> e = b.get(i); e != victim; e = e.next) {
            Object k = e.get();
            if (k != null) {
                rest = new Entry<>(k, e.hash, e.value, rest, cleared);
            } else {
                size--; // cleared meanwhile: its queued reference will find nothing to unlink
            }
        }
        b.set(i, rest);
        size--;
    }

    private void grow() {
        AtomicReferenceArray<Entry<V>> old = buckets;
        AtomicReferenceArray<Entry<V>> b = new AtomicReferenceArray<>(old.length() * 2);
        int live = 0;
        for (int i = 0; i < old.length(); i++) {
            for (Entry<V> e = old.get(i); e != null; e = e.next) {
                Object k = e.get();
                if (k != null) {
                    int j = e.hash & (b.length() - 1);
                    b.set(j, new Entry<>(k, e.hash, e.value, b.get(j), cleared));
                    live++;
                }
            }
        }
        size = live;
        buckets = b;
    }

    private static final class Entry<V> extends WeakReference<Object> {
        final int hash;
        final V value;
        final Entry<V> next;

        Entry(Object key, int hash, V value, Entry<V> next, ReferenceQueue<Object> queue) {
            super(key, queue);
            this.hash = hash;
            this.value = value;
            this.next = next;
        }
    }
}
