package tcptrace.correlate;

import java.time.Duration;
import java.util.List;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.SocketEvent;

/**
 * One answer to "who ended this connection, and why", about {@code src}.
 *
 * @param verdict     the cause at {@code src}
 * @param src         the end that sent the packet (or gave up, for a timeout)
 * @param dst         the other end
 * @param packet      FIN, RST, or null when no packet ended the connection (a timeout, a risk)
 * @param timeNanos   epoch ns of the packet, or of the event that showed the end when there was none
 * @param pid         the traced JVM at {@code src}, or null
 * @param thread      the thread that closed, or null
 * @param exit        how the JVM ended, for PROCESS_EXIT, else null
 * @param reason      what the RST answers, for PEER_RESET (null when unknown), else null
 * @param stack       frames of the closing thread (for a cleaner close: where the socket was opened; for a stale
 *                    reuse, PEER_RESET {@code closed}: where the application at {@code dst} met the reset), or null
 * @param explanation one sentence for a person
 * @param idle        how long the connection had carried no data segment in either direction before this end, or
 *                    null when it never carried data or that is unknown
 * @param packets     the packets that are evidence, oldest first
 * @param events      the application events that are evidence, oldest first
 */
public record Verdict(VerdictKind verdict, Endpoint src, Endpoint dst, PacketKind packet, long timeNanos, Long pid,
                      String thread, ExitKind exit, ResetReason reason, List<String> stack, String explanation,
                      Duration idle, List<Packet> packets, List<SocketEvent> events) {

    public Verdict {
        stack = stack == null ? null : List.copyOf(stack);
        packets = packets == null ? List.of() : List.copyOf(packets);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** This verdict without its evidence packets and events, for reports that print neither. */
    public Verdict withoutEvidence() {
        if (packets.isEmpty() && events.isEmpty()) {
            return this;
        }
        return new Verdict(verdict, src, dst, packet, timeNanos, pid, thread, exit, reason, stack, explanation, idle,
                List.of(), List.of());
    }

    /** The innermost frame that is the application's own, not the JDK's, or null. */
    public String topApplicationFrame() {
        return topApplicationFrame(stack);
    }

    /** The innermost frame of {@code stack} that is not the JDK's, or its innermost frame, or null. */
    public static String topApplicationFrame(List<String> stack) {
        if (stack == null) {
            return null;
        }
        for (String frame : stack) {
            if (!isJdkFrame(frame)) {
                return frame;
            }
        }
        return stack.isEmpty() ? null : stack.get(0);
    }

    private static boolean isJdkFrame(String frame) {
        return frame.startsWith("java.") || frame.startsWith("javax.") || frame.startsWith("sun.")
                || frame.startsWith("jdk.") || frame.startsWith("com.sun.");
    }
}
