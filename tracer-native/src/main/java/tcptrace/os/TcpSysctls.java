package tcptrace.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The TCP sysctls that decide how fast a dead peer is noticed, as they are in one network namespace.
 *
 * @param source where they were read, for a person ("network namespace of pid 1234", or why not)
 */
public record TcpSysctls(int retries2, int keepaliveTime, int keepaliveIntvl, int keepaliveProbes, int synRetries,
                         String source) {

    /** The kernel's defaults, for when nothing can be read. */
    public static final TcpSysctls KERNEL_DEFAULTS = new TcpSysctls(15, 7200, 75, 9, 6, "kernel defaults");

    private static final Path IPV4 = Path.of("/proc/sys/net/ipv4");

    /** Reads this thread's network namespace's values (procfs answers for the namespace of the reading thread). */
    public static TcpSysctls readHere(String source) throws IOException {
        return new TcpSysctls(read("tcp_retries2"), read("tcp_keepalive_time"), read("tcp_keepalive_intvl"),
                read("tcp_keepalive_probes"), read("tcp_syn_retries"), source);
    }

    private static int read(String name) throws IOException {
        return Integer.parseInt(Files.readString(IPV4.resolve(name)).trim());
    }

    public String describe() {
        return "tcp_retries2=" + retries2 + ", keepalive " + keepaliveTime + "/" + keepaliveIntvl + "/"
                + keepaliveProbes + ", tcp_syn_retries=" + synRetries + " (" + source + ")";
    }
}
