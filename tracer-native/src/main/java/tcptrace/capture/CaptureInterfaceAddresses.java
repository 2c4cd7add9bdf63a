package tcptrace.capture;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The addresses a capture file gives the interfaces it was taken on (pcapng if_IPv4addr / if_IPv6addr options of
 * an interface description block; classic pcap has no place for them): addresses of the capture's own host.
 */
public final class CaptureInterfaceAddresses {
    private final Map<InetAddress, String> interfaces = new ConcurrentHashMap<>();

    /** Notes that interface {@code name} has the {@code length}-byte address at {@code offset} of {@code bytes}. */
    void add(byte[] bytes, int offset, int length, String name) {
        byte[] address = new byte[length];
        System.arraycopy(bytes, offset, address, 0, length);
        try {
            interfaces.putIfAbsent(InetAddress.getByAddress(address), name);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // 4 or 16 bytes, as the callers pass
        }
    }

    /** The name of the capture's interface that has this address (4 or 16 bytes), or null. */
    public String interfaceOf(byte[] address) {
        if (interfaces.isEmpty()) {
            return null;
        }
        try {
            return interfaces.get(InetAddress.getByAddress(address));
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
