package tcptrace.agent;

import java.lang.instrument.Instrumentation;

/**
 * Entry point for {@code -javaagent:tcptrace.jar[=options]} and for attach. Must not touch the bootstrap bridge
 * classes: they become loadable only once {@link BootstrapBridge} has defined them in the bootstrap class loader.
 *
 * <p>Attached to a running JVM, the agent retransforms the JDK's socket classes, so every connection is traced
 * from then on. A connection opened before the attach is recognised the first time it shows through a probe other
 * than a plain read or write: its end-of-stream, an error, a shutdown, an option change or its close. Its 4-tuple
 * is read from the JDK's socket object at that moment (still open), its {@code connectionStartNanos} is 0, its
 * options are unknown (-1) unless changed after the attach, and its byte counters start at that first sighting. A
 * Socket opened before the attach and leaked is not seen when the Cleaner closes it (it never showed itself).
 * A second load into the same JVM prints that the agent is already active and does nothing.
 */
public final class TcptraceAgent {
    private TcptraceAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            AgentOptions options = AgentOptions.parse(args);
            if (BootstrapBridge.alreadyActive()) {
                say(options, "tcptrace: agent already active in this JVM; nothing done");
                return;
            }
            BootstrapBridge.define(inst);
            AgentRuntime.start(options, inst, attached);
        } catch (IllegalArgumentException badOption) {
            // Too early for logging, and the application must run as if no agent were there
            System.err.println("tcptrace: agent off: " + badOption.getMessage());
        } catch (IllegalStateException unsupported) {
            System.err.println("tcptrace: agent off: " + unsupported.getMessage());
        } catch (Throwable t) {
            System.err.println("tcptrace: agent off: " + t);
        }
    }

    private static void say(AgentOptions options, String line) {
        if (!options.quiet()) {
            System.err.println(line);
        }
    }
}
