package tcptrace.agent.connection;

import java.util.ArrayList;
import java.util.List;

/**
 * Stacks as the journal and the verdicts show them: innermost first, without tcptrace's own frames (the probes and
 * everything behind them), each frame like {@code StackTraceElement.toString()} without module prefixes, e.g.
 * {@code java.net.Socket.close(Socket.java:1592)}.
 */
final class StackFrames {
    /** How deep to look for the interrupt hand-off, independent of the configured depth. */
    private static final int INTERRUPT_SCAN = 24;
    private static final String INTERRUPTOR = "java.nio.channels.spi.AbstractInterruptibleChannel$";
    private static final int OWN_ROOT = "tcptrace.".length();
    private final int depth;
    private final KnownStacks known = new KnownStacks();

    StackFrames(int depth) {
        this.depth = depth;
    }

    /**
     * The calling thread's stack, from a Throwable: the VM records it at about 25 ns a frame, and a stack seen before
     * is then found by its recorded frames ({@link KnownStacks}) instead of being formatted again. A StackWalker stops
     * at the depth, but costs more than the recording and its formatting together up to about a hundred frames.
     */
    KnownStacks.Stack here() {
        return of(new Throwable());
    }

    boolean keepsFrames() {
        return depth > 0;
    }

    /** The calling thread's stack as frames, up to the configured depth. */
    List<String> capture() {
        return depth == 0 ? List.of() : here().frames();
    }

    /** Where the calling thread is now, for a Cleaner close to report later; null when no frames are kept. */
    KnownStacks.Stack origin() {
        return depth == 0 ? null : here();
    }

    KnownStacks.Stack of(Throwable t) {
        if (!Backtrace.AVAILABLE) {
            return made(t.getStackTrace());
        }
        KnownStacks.Key key;
        KnownStacks.Stack stack;
        try {
            key = keyOf(t);
            stack = known.find(key);
        } catch (RuntimeException unexpectedLayout) {
            // checked at start-up, so not expected; the close event must not be lost for it
            return made(t.getStackTrace());
        }
        if (stack == null) {
            stack = made(t.getStackTrace());
            known.remember(key, stack);
        }
        return stack;
    }

    private KnownStacks.Stack made(StackTraceElement[] trace) {
        // immutable: events share it, and take it as it is instead of copying it each
        return new KnownStacks.Stack(List.copyOf(format(trace)), closedByInterrupt(trace));
    }

    /**
     * The key of {@code t}: its recorded frames up to the last one kept (the depth-th not tcptrace's own), and at
     * least the ones the interrupt check reads; one pass over them.
     */
    private KnownStacks.Key keyOf(Throwable t) {
        int total = Backtrace.depth(t);
        int atLeast = Math.min(total, INTERRUPT_SCAN);
        Object[] chunk = Backtrace.firstChunk(t);
        int kept = 0;
        int hash = 0;
        int i = 0;
        for (; i < total && (kept < depth || i < atLeast); i++) {
            chunk = Backtrace.chunkOf(chunk, i);
            int j = i % Backtrace.CHUNK;
            Object frameClass = Backtrace.classes(chunk)[j];
            if (kept < depth && !isOwn(((Class<?>) frameClass).getName())) {
                kept++;
            }
            hash = KnownStacks.mix(hash, Backtrace.methods(chunk)[j], Backtrace.bcis(chunk)[j], frameClass);
        }
        return new KnownStacks.Key(t, i, hash * 31 + i);
    }

    /** {@code trace} as frames: tcptrace's own left out, up to the configured depth. */
    List<String> format(StackTraceElement[] trace) {
        List<String> out = new ArrayList<>(Math.min(depth, trace.length));
        for (StackTraceElement e : trace) {
            if (out.size() == depth) {
                break;
            }
            if (!isOwn(e.getClassName())) {
                out.add(format(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber(),
                        e.isNativeMethod()));
            }
        }
        return out;
    }

    /**
     * Whether {@code trace} closes a channel because a thread blocked in it was interrupted: the JDK's interruptor
     * (an anonymous class in AbstractInterruptibleChannel) runs the close, from {@code interrupt} on JDK 17 and
     * from {@code postInterrupt} on later ones.
     */
    static boolean closedByInterrupt(StackTraceElement[] trace) {
        for (int i = 0; i < Math.min(INTERRUPT_SCAN, trace.length); i++) {
            StackTraceElement f = trace[i];
            if (f.getClassName().startsWith(INTERRUPTOR)
                    && (f.getMethodName().equals("interrupt") || f.getMethodName().equals("postInterrupt"))) {
                return true;
            }
        }
        return false;
    }

    /** A frame's text; the strings of a StackTraceElement hold no reference to its class or loader. */
    static String format(String className, String method, String file, int line, boolean nativeMethod) {
        StringBuilder b = new StringBuilder(className.length() + method.length() + 32);
        b.append(className).append('.').append(method).append('(');
        if (nativeMethod) {
            b.append("Native Method");
        } else if (file == null) {
            b.append("Unknown Source");
        } else {
            b.append(file);
            if (line >= 0) {
                b.append(':').append(line);
            }
        }
        return b.append(')').toString();
    }

    /** tcptrace's own frames: the bootstrap probes, the agent, the relocated Byte Buddy. */
    static boolean isOwn(String className) {
        // asked for every frame of every stack: most frames are no tcptrace class and fail the first comparison
        return className.startsWith("tcptrace.") && (className.startsWith("agent.", OWN_ROOT)
                || className.startsWith("shaded.", OWN_ROOT) || className.startsWith("journal.", OWN_ROOT));
    }
}
