package tcptrace.journal;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The stacks a writer has given ids, found by the identity of their frame list: the agent keeps one list per
 * distinct stack and hands the same one to every event from that place, so a known stack costs one probe and no
 * comparison of frames. A list met for the first time, or displaced from its slot by another, gets a new id and is
 * written again; nothing is lost, only a few bytes spent.
 */
final class StackDictionary {
    private static final int SLOTS = 1024;

    private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);
    /** Ids never repeat in a JVM's life, so no segment can hold two stacks under one id. */
    private final AtomicLong lastId = new AtomicLong();

    Entry entryFor(List<String> frames) {
        int h = System.identityHashCode(frames);
        int i = (h ^ (h >>> 16)) & (SLOTS - 1);
        Entry e = slots.get(i);
        if (e != null && e.frames == frames) {
            return e;
        }
        Entry made = new Entry(lastId.incrementAndGet(), frames);
        slots.set(i, made);
        return made;
    }

    static final class Entry {
        final long id;
        final List<String> frames;
        /** Generation of a segment that holds this stack's STACK record, complete; -1 for none yet. */
        private volatile long definedIn = -1;

        private Entry(long id, List<String> frames) {
            this.id = id;
            this.frames = frames;
        }

        boolean isDefinedIn(long generation) {
            return definedIn == generation;
        }

        /**
         * Called once the STACK record is committed: an event that reads the mark reserves its space after that
         * record, so in the segment the definition always comes first.
         */
        void markDefinedIn(long generation) {
            definedIn = generation;
        }
    }
}
