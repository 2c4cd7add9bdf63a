package tcptrace.agent.stack;

/**
 * Stacks as the journal and the verdicts show them: innermost first, without tcptrace's own frames (the probes and
 * everything behind them), each frame like {@code StackTraceElement.toString()} without module prefixes, e.g.
 * {@code java.net.Socket.close(Socket.java:1592)}.
 */
final class StackFrames {
    /** How deep to look for the interrupt hand-off, independent of the configured depth. */
    static final int INTERRUPT_SCAN = 24;
    private static final String INTERRUPTOR = "java.nio.channels.spi.AbstractInterruptibleChannel$";
    private static final int OWN_ROOT = "tcptrace.".length();

    private StackFrames() {
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
