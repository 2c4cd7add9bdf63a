package tcptrace.correlate;

import tcptrace.agent.event.Endpoint;

/**
 * Why an endpoint is known to be on the capture's host: such an end is never "the peer" (DESIGN §6), and the reason
 * goes into the explanation of its verdict.
 *
 * @param where how the explanation places it, e.g. "on this host (loopback)"
 */
public record LocalEnd(String where) {
    static final LocalEnd LOOPBACK = new LocalEnd("on this host (loopback)");

    /** An address of one of the interfaces of the host that runs the capture. */
    public static LocalEnd addressOfThisHost() {
        return new LocalEnd("on this host (one of its addresses)");
    }

    /** An address that the capture file gives to the interface it was taken on. */
    public static LocalEnd addressOfCaptureInterface(String iface) {
        return new LocalEnd("on the capture's host (an address of its interface " + iface + ")");
    }

    /** An address that a traced JVM's journal or recording shows as one of its own. */
    static LocalEnd addressOfTracedJvm(TracedJvm jvm) {
        return new LocalEnd("on the host of a traced JVM (" + jvm.describe() + " has that address)");
    }

    /** 127.0.0.0/8 and ::1: whatever sent from there, it was this host. */
    static boolean isLoopback(Endpoint e) {
        byte[] a = e.address();
        if (a.length == 4) {
            return a[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[15] == 1;
    }
}
