package tcptrace.agent.stack;

import java.lang.ref.WeakReference;

/**
 * Stacks already formatted, found again by the frames a Throwable recorded ({@link Backtrace}): a service opens and
 * closes its connections from a handful of places, so the same stacks come back on every connection. A fixed table,
 * read and written without locks: entries never change once made, a slot is overwritten when its probes are taken,
 * and an entry is used only when every recorded frame matches, class included (held weakly, so that the table
 * keeps no class loader alive).
 */
final class KnownStacks {
    private static final int SLOTS = 256;
    private static final int PROBES = 4;

    private final Entry[] table = new Entry[SLOTS];

    /** {@code hash} extended by one recorded frame. */
    static int mix(int hash, short method, int bci, Object frameClass) {
        hash = hash * 31 + (method * 0x9E3779B1 ^ bci);
        return hash * 31 + System.identityHashCode(frameClass);
    }

    /**
     * The stack made before from the first {@code frames} recorded frames of {@code recorded}, whose hash is
     * {@code hash}; null if none. A key of three values rather than an object: looked up on every close.
     */
    CapturedStack find(Throwable recorded, int frames, int hash) {
        for (int p = 0; p < PROBES; p++) {
            Entry e = table[(hash + p) & (SLOTS - 1)];
            if (e != null && e.matches(recorded, frames, hash)) {
                return e.stack;
            }
        }
        return null;
    }

    void remember(Throwable recorded, int frames, int hash, CapturedStack stack) {
        Entry made = new Entry(recorded, frames, hash, stack);
        int slot = hash & (SLOTS - 1);
        for (int p = 0; p < PROBES; p++) {
            int s = (hash + p) & (SLOTS - 1);
            if (table[s] == null) {
                slot = s;
                break;
            }
        }
        table[slot] = made;
    }

    private static final class Entry {
        final int hash;
        final short[] methods;
        final int[] bcis;
        final WeakReference<?>[] classes;
        final CapturedStack stack;

        Entry(Throwable recorded, int frames, int hash, CapturedStack stack) {
            this.hash = hash;
            this.methods = new short[frames];
            this.bcis = new int[frames];
            this.classes = new WeakReference<?>[frames];
            this.stack = stack;
            Object[] chunk = Backtrace.firstChunk(recorded);
            for (int i = 0; i < frames; i++) {
                chunk = Backtrace.chunkOf(chunk, i);
                int j = i % Backtrace.CHUNK;
                methods[i] = Backtrace.methods(chunk)[j];
                bcis[i] = Backtrace.bcis(chunk)[j];
                classes[i] = new WeakReference<>(Backtrace.classes(chunk)[j]);
            }
        }

        boolean matches(Throwable recorded, int frames, int hash) {
            if (this.hash != hash || methods.length != frames) {
                return false;
            }
            Object[] chunk = Backtrace.firstChunk(recorded);
            for (int i = 0; i < methods.length; i++) {
                chunk = Backtrace.chunkOf(chunk, i);
                int j = i % Backtrace.CHUNK;
                if (methods[i] != Backtrace.methods(chunk)[j] || bcis[i] != Backtrace.bcis(chunk)[j]
                        || classes[i].get() != Backtrace.classes(chunk)[j]) {
                    return false;
                }
            }
            return true;
        }
    }
}
