package tcptrace.agent.connection;

import java.util.concurrent.atomic.AtomicLong;
import tcptrace.agent.event.SocketOptionsSnapshot;

/**
 * Per-socket state, keyed by the socket's {@code FileDescriptor} object: not by thread (close(2) may run on another
 * one) nor by fd number (reused at once). The key is held weakly, so a leaked socket still becomes unreachable and
 * the JDK's Cleaner still closes it. At most {@code capacity} sockets are remembered; beyond that new ones are left
 * out (a connection first seen at its close is still reported, with what the JDK object tells then).
 */
final class ConnectionRegistry {
    private final WeakIdentityTable<ConnectionState> table;
    private final AtomicLong ids = new AtomicLong();

    ConnectionRegistry(int capacity) {
        table = new WeakIdentityTable<>(capacity);
    }

    ConnectionState get(Object fd) {
        return fd == null ? null : table.get(fd);
    }

    /** The state of {@code fd}, made with {@code initial} options if new; null if the registry is full. */
    ConnectionState getOrCreate(Object fd, SocketOptionsSnapshot initial) {
        if (fd == null) {
            return null;
        }
        ConnectionState s = table.get(fd);
        if (s != null) {
            return s;
        }
        return table.putIfAbsent(fd, new ConnectionState(initial));
    }

    void forget(Object fd) {
        if (fd != null) {
            table.remove(fd);
        }
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    int size() {
        return table.size();
    }
}
