package tcptrace.agent.sink;

import tcptrace.agent.event.SocketEvent;

/** Where events go: JFR, the journal. Called on the application's threads; must not block. */
public interface EventSink {
    void accept(SocketEvent event);

    /** The JVM is shutting down in order. */
    void shutdown(long epochNanos);
}
