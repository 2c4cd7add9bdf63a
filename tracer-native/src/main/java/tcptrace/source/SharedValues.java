package tcptrace.source;

import java.util.HashMap;
import java.util.Map;
import tcptrace.agent.event.SocketEvent;
import tcptrace.agent.event.SocketOptionsSnapshot;

/**
 * One copy of each thread name and socket option set among the events a post-mortem holds: each decoded record
 * brings its own, and a service has a few thread pools and option settings but writes millions of records.
 * Bounded: a JVM that names every thread afresh starts the table over rather than growing it.
 */
final class SharedValues {
    private static final int MAX_VALUES = 4096;

    private final Map<String, String> names = new HashMap<>();
    private final Map<SocketOptionsSnapshot, SocketOptionsSnapshot> options = new HashMap<>();

    SocketEvent shared(SocketEvent e) {
        String name = shared(names, e.threadName());
        SocketOptionsSnapshot o = shared(options, e.options());
        if (name == e.threadName() && o == e.options()) {
            return e;
        }
        return new SocketEvent(e.kind(), e.epochNanos(), e.connectionId(), e.connectionStartNanos(), e.api(),
                e.local(), e.remote(), e.threadId(), name, e.virtualThread(), e.actor(), e.bytesRead(),
                e.bytesWritten(), o, e.message(), e.stack());
    }

    private static <T> T shared(Map<T, T> table, T value) {
        T known = table.get(value);
        if (known != null) {
            return known;
        }
        if (table.size() == MAX_VALUES) {
            table.clear();
        }
        table.put(value, value);
        return value;
    }
}
