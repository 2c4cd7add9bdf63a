package tcptrace.correlate;

import tcptrace.agent.event.Endpoint;
import tcptrace.capture.CaptureInterfaceAddresses;

/**
 * The addresses known to belong to the host a capture was taken on, beyond loopback and the traced JVMs' own
 * (which the correlator knows by itself): the interfaces of this host, live; those a capture file names, post-mortem.
 */
@FunctionalInterface
public interface HostAddresses {
    /** Nothing beyond loopback and the traced JVMs' addresses. */
    HostAddresses NONE = e -> null;

    /** The addresses a capture file gives its interfaces, read as the file is. */
    static HostAddresses ofCapture(CaptureInterfaceAddresses addresses) {
        return e -> {
            String iface = addresses.interfaceOf(e.address());
            return iface == null ? null : LocalEnd.addressOfCaptureInterface(iface);
        };
    }

    /** Why {@code e} is on the capture's host, or null when these addresses do not say it is. */
    LocalEnd localEnd(Endpoint e);
}
