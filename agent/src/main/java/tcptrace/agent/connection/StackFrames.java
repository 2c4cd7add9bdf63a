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

    private static final StackWalker WALKER = StackWalker.getInstance();

    private final int depth;

    StackFrames(int depth) {
        this.depth = depth;
    }

    /** The calling thread's stack, up to the configured depth. */
    List<StackWalker.StackFrame> capture() {
        if (depth == 0) {
            return List.of();
        }
        return WALKER.walk(s -> s.filter(f -> !isOwn(f.getClassName())).limit(depth).toList());
    }

    /** The calling thread's stack, to be formatted later with {@link #format(Throwable)}, or null for none. */
    Throwable origin() {
        return depth == 0 ? null : new Throwable();
    }

    /** An {@link #origin()} as frames: tcptrace's own left out, up to the configured depth. */
    List<String> format(Throwable origin) {
        if (origin == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (StackTraceElement e : origin.getStackTrace()) {
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
     * Whether the calling thread closes a channel because a thread blocked in it was interrupted: the JDK's
     * interruptor (an anonymous class in AbstractInterruptibleChannel) runs the close, from {@code interrupt} on
     * JDK 17 and from {@code postInterrupt} on later ones.
     */
    static boolean closedByInterrupt() {
        return WALKER.walk(s -> s.limit(INTERRUPT_SCAN).anyMatch(f -> f.getClassName().startsWith(INTERRUPTOR)
                && (f.getMethodName().equals("interrupt") || f.getMethodName().equals("postInterrupt"))));
    }

    static List<String> format(List<StackWalker.StackFrame> frames) {
        List<String> out = new ArrayList<>(frames.size());
        for (StackWalker.StackFrame f : frames) {
            out.add(format(f.getClassName(), f.getMethodName(), f.getFileName(), f.getLineNumber(),
                    f.isNativeMethod()));
        }
        return out;
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
