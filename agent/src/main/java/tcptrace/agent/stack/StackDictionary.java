package tcptrace.agent.stack;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids a journal writer has given stacks, one per distinct frame list ({@link PerStack}). A list met for the first
 * time, or displaced from its slot by another, gets a new id and is written again; nothing is lost, only a few bytes
 * spent.
 */
public final class StackDictionary {
    /** Ids never repeat in a JVM's life, so no segment can hold two stacks under one id. */
    private final AtomicLong lastId = new AtomicLong();
    private final PerStack<Entry> entries = new PerStack<>(frames -> new Entry(lastId.incrementAndGet(), frames));

    /**
     * The entry of {@code stack}, found by its frame list, which every stack made from that list shares (a
     * {@link CapturedStack} wraps an immutable list as it is).
     */
    public Entry entryFor(CapturedStack stack) {
        return entries.of(stack.frames());
    }

    public static final class Entry {
        public final long id;
        public final List<String> frames;
        /** Generation of a segment that holds this stack's STACK record, complete; -1 for none yet. */
        private volatile long definedIn = -1;

        private Entry(long id, List<String> frames) {
            this.id = id;
            this.frames = frames;
        }

        public boolean isDefinedIn(long generation) {
            return definedIn == generation;
        }

        /**
         * Called once the STACK record is committed: an event that reads the mark reserves its space after that
         * record, so in the segment the definition always comes first.
         */
        public void markDefinedIn(long generation) {
            definedIn = generation;
        }
    }
}
