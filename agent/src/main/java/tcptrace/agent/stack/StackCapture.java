package tcptrace.agent.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the agent takes the calling thread's stack, and how much of it: up to a depth of frames not tcptrace's own
 * ({@code stack=<depth>}, none for {@code stack=0}), at every event that carries one or, with {@code stack=close},
 * not where a connection opens.
 *
 * <p>A stack comes from a Throwable: the VM records it at about 25 ns a frame, and one seen before is then found by
 * its recorded frames ({@link KnownStacks}, {@link Backtrace}) instead of being formatted again, so that the same
 * place gives the same {@link CapturedStack} object every time. A StackWalker stops at the depth, but costs more
 * than the recording and its formatting together up to about a hundred frames.
 */
public final class StackCapture {
    private final int depth;
    private final boolean atOpen;
    private final KnownStacks known = new KnownStacks();

    /**
     * @param depth  frames kept per stack, 0 for none
     * @param atOpen whether a connect or accept keeps the stack where it happened (for a Cleaner's close to report)
     */
    public StackCapture(int depth, boolean atOpen) {
        this.depth = depth;
        this.atOpen = atOpen;
    }

    /**
     * Whether the recorded frames of a Throwable can be read on this VM; checked once, on the first call, which the
     * agent makes off the application's threads.
     */
    public static boolean check() {
        return Backtrace.check();
    }

    /**
     * The stack of a close on the calling thread. An interruptible channel's close is always looked at, frames kept
     * or not: only its frames tell a close by an interrupt.
     */
    public CapturedStack closing(boolean interruptible) {
        return depth > 0 || interruptible ? of(new Throwable()) : CapturedStack.EMPTY;
    }

    /** The stack of a shutdown or an error on the calling thread; EMPTY when no frames are kept. */
    public CapturedStack here() {
        return depth == 0 ? CapturedStack.EMPTY : of(new Throwable());
    }

    /**
     * Where the calling thread opens a connection, for a Cleaner close to report later; null when no frames are kept
     * or {@code stack=close} keeps none at the open.
     */
    public CapturedStack opening() {
        return depth == 0 || !atOpen ? null : of(new Throwable());
    }

    CapturedStack of(Throwable t) {
        if (!Backtrace.AVAILABLE) {
            return made(t.getStackTrace());
        }
        long key;
        CapturedStack stack;
        try {
            key = keyOf(t);
            stack = known.find(t, frames(key), hash(key));
        } catch (RuntimeException unexpectedLayout) {
            // checked at start-up, so not expected; the close event must not be lost for it
            return made(t.getStackTrace());
        }
        if (stack == null) {
            stack = made(t.getStackTrace());
            known.remember(t, frames(key), hash(key), stack);
        }
        return stack;
    }

    private CapturedStack made(StackTraceElement[] trace) {
        // immutable: events share it, and take it as it is instead of copying it each
        return new CapturedStack(List.copyOf(format(trace)), StackFrames.closedByInterrupt(trace));
    }

    /**
     * The key of {@code t}: how many of its recorded frames count (up to the last one kept, the depth-th not
     * tcptrace's own, and at least the ones the interrupt check reads) and their hash, one pass over them; packed
     * in a long (frames high, hash low), so that a close makes no object for it.
     */
    private long keyOf(Throwable t) {
        int total = Backtrace.depth(t);
        int atLeast = Math.min(total, StackFrames.INTERRUPT_SCAN);
        Object[] chunk = Backtrace.firstChunk(t);
        int kept = 0;
        int hash = 0;
        int i = 0;
        for (; i < total && (kept < depth || i < atLeast); i++) {
            chunk = Backtrace.chunkOf(chunk, i);
            int j = i % Backtrace.CHUNK;
            Object frameClass = Backtrace.classes(chunk)[j];
            if (kept < depth && !StackFrames.isOwn(((Class<?>) frameClass).getName())) {
                kept++;
            }
            hash = KnownStacks.mix(hash, Backtrace.methods(chunk)[j], Backtrace.bcis(chunk)[j], frameClass);
        }
        return (long) i << 32 | (hash * 31 + i) & 0xFFFF_FFFFL;
    }

    private static int frames(long key) {
        return (int) (key >>> 32);
    }

    private static int hash(long key) {
        return (int) key;
    }

    /** {@code trace} as frames: tcptrace's own left out, up to the configured depth. */
    List<String> format(StackTraceElement[] trace) {
        List<String> out = new ArrayList<>(Math.min(depth, trace.length));
        for (StackTraceElement e : trace) {
            if (out.size() == depth) {
                break;
            }
            if (!StackFrames.isOwn(e.getClassName())) {
                out.add(StackFrames.format(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber(),
                        e.isNativeMethod()));
            }
        }
        return out;
    }
}
