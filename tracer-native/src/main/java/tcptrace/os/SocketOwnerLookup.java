package tcptrace.os;

import java.util.Optional;
import tcptrace.agent.event.Endpoint;

/**
 * Who owns the local socket of a connection. A live capture asks early, when the connection is first seen: after a
 * close the kernel keeps the connection (FIN_WAIT, TIME_WAIT) but no descriptor links to it any more.
 */
public interface SocketOwnerLookup {
    /** For captures of files: the kernel of then cannot be asked. */
    SocketOwnerLookup NONE = new SocketOwnerLookup() {
        @Override
        public void sighted(Endpoint local, Endpoint remote) {
        }

        @Override
        public Optional<SocketOwner> owner(Endpoint local, Endpoint remote) {
            return Optional.empty();
        }

        @Override
        public boolean asksTheKernel() {
            return false;
        }
    };

    /**
     * A connection whose {@code local} end is on this host was seen for the first time (a new one on a 4-tuple
     * replaces what was known of the old). Called on the capture's thread, once per connection: it must not block.
     */
    void sighted(Endpoint local, Endpoint remote);

    /**
     * The owner of {@code local}'s socket of the connection with {@code remote}: known from its sighting, else looked
     * up now if the socket still exists; empty when the kernel did not say.
     */
    Optional<SocketOwner> owner(Endpoint local, Endpoint remote);

    /** Whether this lookup reads the kernel at all (explanations then say why it did not answer). */
    default boolean asksTheKernel() {
        return true;
    }
}
