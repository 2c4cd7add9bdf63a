package tcptrace.agent.stack;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * A value made once per distinct stack, found by the identity of the frame list: the agent hands the same
 * {@link CapturedStack} to every event from one place, so a stack seen before costs one probe and no comparison of frames. Bounded: a
 * list displaced from its slot by another has its value made again when it comes back.
 */
final class PerStack<V> {
    private static final int SLOTS = 1024;

    private record Slot<V>(List<String> frames, V value) {
    }

    private final AtomicReferenceArray<Slot<V>> slots = new AtomicReferenceArray<>(SLOTS);
    private final Function<List<String>, V> make;

    PerStack(Function<List<String>, V> make) {
        this.make = make;
    }

    V of(List<String> frames) {
        int h = System.identityHashCode(frames);
        int i = (h ^ (h >>> 16)) & (SLOTS - 1);
        Slot<V> s = slots.get(i);
        if (s != null && s.frames() == frames) {
            return s.value();
        }
        V made = make.apply(frames);
        slots.set(i, new Slot<>(frames, made));
        return made;
    }
}
