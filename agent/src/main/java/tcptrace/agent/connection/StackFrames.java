package tcptrace.agent.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stacks as the journal and the verdicts show them: innermost first, without tcptrace's own frames (the probes and
 * everything behind them), each frame like {@code StackTraceElement.toString()} without module prefixes, e.g.
 * {@code java.net.Socket.close(Socket.java:1592)}.
 */
final class StackFrames {
    /** How deep to look for the interrupt hand-off, independent of the configured depth. */
    private static final int INTERRUPT_SCAN = 24;
    private static final String INTERRUPTOR = "java.nio.channels.spi.AbstractInterruptibleChannel$";
    private static final StackTraceElement[] NONE = new StackTraceElement[0];
    /**
     * Frames already written out, by class, method, file and line: a service closes its connections from a handful
     * of places, so the same frames come back on every close. Bounded: past it, frames are written each time.
     */
    private static final int MAX_KNOWN_FRAMES = 4096;
    private static final ConcurrentHashMap<Frame, String> KNOWN = new ConcurrentHashMap<>();

    private record Frame(String className, String method, String file, int line, boolean nativeMethod) {
    }

    private final int depth;

    StackFrames(int depth) {
        this.depth = depth;
    }

    /**
     * The calling thread's stack as the VM records a Throwable's: on every close, so the cheapest complete way. A
     * StackWalker stops at the depth, but costs two to three times as much up to about a hundred frames.
     */
    static StackTraceElement[] trace() {
        return new Throwable().getStackTrace();
    }

    /** The calling thread's stack as frames, up to the configured depth. */
    List<String> capture() {
        return depth == 0 ? List.of() : format(trace());
    }

    /** The calling thread's stack, to be formatted later with {@link #format(Throwable)}, or null for none. */
    Throwable origin() {
        return depth == 0 ? null : new Throwable();
    }

    /** An {@link #origin()} as frames: tcptrace's own left out, up to the configured depth. */
    List<String> format(Throwable origin) {
        return origin == null ? List.of() : format(origin.getStackTrace());
    }

    /** {@code trace} as frames: tcptrace's own left out, up to the configured depth. */
    List<String> format(StackTraceElement[] trace) {
        List<String> out = new ArrayList<>(Math.min(depth, trace.length));
        for (StackTraceElement e : trace) {
            if (out.size() == depth) {
                break;
            }
            if (!isOwn(e.getClassName())) {
                out.add(text(e));
            }
        }
        return out;
    }

    /** {@link #trace()} when the configured depth keeps frames, else an empty one. */
    StackTraceElement[] traceIfKept() {
        return depth == 0 ? NONE : trace();
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

    /** The frame's text; the strings of a StackTraceElement hold no reference to its class or loader. */
    private static String text(StackTraceElement e) {
        Frame f = new Frame(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber(),
                e.isNativeMethod());
        String known = KNOWN.get(f);
        if (known != null) {
            return known;
        }
        String made = format(f.className, f.method, f.file, f.line, f.nativeMethod);
        if (KNOWN.size() < MAX_KNOWN_FRAMES) {
            KNOWN.putIfAbsent(f, made);
        }
        return made;
    }

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
        return className.startsWith("tcptrace.agent.") || className.startsWith("tcptrace.shaded.")
                || className.startsWith("tcptrace.journal.");
    }
}
