package tcptrace.agent;

import java.lang.instrument.Instrumentation;

/**
 * The agent's start, in its private class loader ({@link TcptraceAgent} finds it there): options, the bootstrap
 * bridge, then the runtime. Must not touch the bridge classes before {@link BootstrapBridge} has defined them in the
 * bootstrap class loader.
 *
 * <p>Attached to a running JVM, the agent retransforms the JDK's socket classes, so every connection is traced
 * from then on. A connection opened before the attach is recognised the first time it shows through a probe other
 * than a plain read or write: its end-of-stream, an error, a shutdown, an option change or its close. Its 4-tuple
 * is read from the JDK's socket object at that moment (still open), its {@code connectionStartNanos} is 0, its
 * options are unknown (-1) unless changed after the attach, and its byte counters start at that first sighting. A
 * Socket opened before the attach and leaked is not seen when the Cleaner closes it (it never showed itself).
 * A second load into the same JVM prints that the agent is already active and does nothing.
 */
public final class AgentStart {
    private AgentStart() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    /** Never throws: the application must run as if no agent were there. */
    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            AgentOptions options = AgentOptions.parse(args);
            if (BootstrapBridge.alreadyActive()) {
                if (!options.quiet()) {
                    System.err.println("tcptrace: agent already active in this JVM; nothing done");
                }
                return;
            }
            BootstrapBridge.define(inst);
            AgentRuntime.start(options, inst, attached);
        } catch (IllegalArgumentException | IllegalStateException expected) {
            // a bad option or an unsupported JDK, each said in its message
            System.err.println("tcptrace: agent off: " + expected.getMessage());
        } catch (Throwable t) {
            System.err.println("tcptrace: agent off: " + t);
        }
    }
}
