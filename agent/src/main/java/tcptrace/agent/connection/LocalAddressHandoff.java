package tcptrace.agent.connection;

import java.net.InetSocketAddress;

/**
 * The local address the JDK last read on each thread, with its descriptor. A connect or an accept of a Socket reads
 * it (two getsockname calls) and keeps only the port; the event that follows on the same thread takes the address
 * from here instead of asking the kernel a third time. Matched by the descriptor object, which belongs to one socket
 * for its whole life.
 */
final class LocalAddressHandoff {
    private static final class Slot {
        Object fd;
        InetSocketAddress address;
    }

    private final ThreadLocal<Slot> slots = ThreadLocal.withInitial(Slot::new);

    void offer(Object fd, Object address) {
        if (fd != null && address instanceof InetSocketAddress isa) {
            Slot s = slots.get();
            s.fd = fd;
            s.address = isa;
        }
    }

    /** The address last offered on this thread if it was for {@code fd}, once; else null. */
    InetSocketAddress take(Object fd) {
        Slot s = slots.get();
        if (fd == null || s.fd != fd) {
            return null;
        }
        InetSocketAddress a = s.address;
        s.fd = null; // holds no socket's descriptor beyond its connect or accept
        s.address = null;
        return a;
    }
}
