package tcptrace.agent.event;

import java.util.List;
import tcptrace.agent.stack.CapturedStack;

/**
 * One thing that happened to one TCP connection inside the traced JVM. Flows one way: probe → sinks (JFR, journal)
 * → tracer.
 *
 * @param kind                 what happened
 * @param epochNanos           wall clock in ns since the epoch (the clock of pcap's kernel timestamps); taken on
 *                             method entry for CONNECT/ACCEPT/CLOSE/SHUTDOWN, on return for EOF/ERROR
 * @param connectionId         per-JVM sequence number of the connection (0 when unknown)
 * @param connectionStartNanos epoch ns of the connect/accept that made the connection (0 when unknown, e.g. it was
 *                             opened before the agent attached); with the 4-tuple it identifies the connection
 * @param api                  Socket, SocketChannel, ...
 * @param local                local endpoint, or null when unknown
 * @param remote               remote endpoint, or null when unknown
 * @param threadId             id of the thread that made the call
 * @param threadName           its name
 * @param virtualThread        whether it is a virtual thread
 * @param actor                who closed the socket (CLOSE only; NONE otherwise)
 * @param bytesRead            bytes the application read from this connection so far
 * @param bytesWritten         bytes the application wrote to it so far
 * @param options              socket options at the time of the event
 * @param message              exception message (CONNECT_FAILED, ERROR), or null
 * @param stack                frames of the calling thread, innermost first, without tcptrace's own; empty when
 *                             the kind carries no stack or none was kept. For a CLEANER close: where the socket
 *                             was created (empty with {@code stack=close}).
 */
public record SocketEvent(
        EventKind kind,
        long epochNanos,
        long connectionId,
        long connectionStartNanos,
        SocketApi api,
        Endpoint local,
        Endpoint remote,
        long threadId,
        String threadName,
        boolean virtualThread,
        CloseActor actor,
        long bytesRead,
        long bytesWritten,
        SocketOptionsSnapshot options,
        String message,
        CapturedStack stack) {

    public SocketEvent {
        stack = stack == null ? CapturedStack.EMPTY : stack;
        options = options == null ? SocketOptionsSnapshot.UNKNOWN : options;
        actor = actor == null ? CloseActor.NONE : actor;
        api = api == null ? SocketApi.UNKNOWN : api;
        threadName = threadName == null ? "" : threadName;
    }

    /** An event with frames read back (a journal, a recording, a test). */
    public SocketEvent(EventKind kind, long epochNanos, long connectionId, long connectionStartNanos, SocketApi api,
                       Endpoint local, Endpoint remote, long threadId, String threadName, boolean virtualThread,
                       CloseActor actor, long bytesRead, long bytesWritten, SocketOptionsSnapshot options,
                       String message, List<String> stack) {
        this(kind, epochNanos, connectionId, connectionStartNanos, api, local, remote, threadId, threadName,
                virtualThread, actor, bytesRead, bytesWritten, options, message, CapturedStack.of(stack));
    }
}
