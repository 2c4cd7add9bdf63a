package tcptrace.agent.connection;

import java.util.Set;

/** The {@code ports=} option: only connections with one of these ports at either end are traced. */
public final class PortFilter {
    private final Set<Integer> ports;

    /** An empty set traces every port. */
    public PortFilter(Set<Integer> ports) {
        this.ports = Set.copyOf(ports);
    }

    boolean traces(int localPort, int remotePort) {
        return ports.isEmpty() || ports.contains(localPort) || ports.contains(remotePort);
    }
}
