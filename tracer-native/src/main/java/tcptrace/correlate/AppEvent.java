package tcptrace.correlate;

import tcptrace.agent.event.SocketEvent;

/** A socket event and the JVM it happened in. */
public record AppEvent(TracedJvm jvm, SocketEvent event) {
}
