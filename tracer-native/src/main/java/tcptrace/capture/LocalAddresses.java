package tcptrace.capture;

import tcptrace.InputException;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The IP addresses of this host (in its network namespace): tells a local endpoint of a segment from the peer. */
public final class LocalAddresses {
    private final Set<InetAddress> all;
    private final byte[][] raw;

    private LocalAddresses(Set<InetAddress> all) {
        this.all = Set.copyOf(all);
        this.raw = all.stream().map(InetAddress::getAddress).toArray(byte[][]::new);
    }

    public static LocalAddresses of(Collection<InetAddress> addresses) {
        return new LocalAddresses(new LinkedHashSet<>(addresses));
    }

    /** Every address of every interface, up or down, loopback included. */
    public static LocalAddresses ofThisHost() throws InputException {
        try {
            return new LocalAddresses(NetworkInterface.networkInterfaces()
                    .flatMap(NetworkInterface::inetAddresses)
                    .collect(Collectors.toCollection(LinkedHashSet::new)));
        } catch (SocketException e) {
            throw new InputException("cannot list the network interfaces of this host (" + e.getMessage() + ")", e);
        }
    }

    public Set<InetAddress> all() {
        return all;
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress(), 0, address.getAddress().length);
    }

    /** Whether {@code length} bytes of {@code address} at {@code offset} are one of the addresses; scope ids are ignored. */
    public boolean contains(byte[] address, int offset, int length) {
        for (byte[] candidate : raw) {
            if (candidate.length == length
                    && Arrays.equals(candidate, 0, length, address, offset, offset + length)) {
                return true;
            }
        }
        return false;
    }
}
