package tcptrace.e2e.stale;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * tcpdump on the client's veth: writes the capture that tcptrace reports on, and prints each packet as it comes,
 * so that a test waits for the packet it needs (the server's idle-timeout FIN) instead of sleeping.
 */
final class Wire implements AutoCloseable {
    private final Background tcpdump;
    private final Path pcap;

    private Wire(Background tcpdump, Path pcap) {
        this.tcpdump = tcpdump;
        this.pcap = pcap;
    }

    static Wire start(PeerNetwork net, Path dir) {
        Path pcap = dir.resolve("wire.pcap");
        Background b = Background.start("tcpdump", net.onClient(List.of("tcpdump", "-i", PeerNetwork.VETH, "-n", "-l",
                "-U", "-s", "128", "-w", pcap.toString(), "--print", "tcp")), dir.resolve("tcpdump.out"));
        b.await(l -> l.contains("listening on"), Duration.ofSeconds(20), "\"listening on\" from tcpdump");
        return new Wire(b, pcap);
    }

    /**
     * Waits for a FIN whose sender, as tcpdump prints it ({@code ip.port}), starts with {@code from}: an address and
     * port, or an address and its dot for any port. Returns the packet's line.
     */
    String awaitFin(String from, Duration timeout) {
        return tcpdump.await(l -> l.contains(" IP " + from) && l.contains("Flags [F"), timeout, "FIN from " + from);
    }

    /** Waits for a RST whose sender starts with {@code from}, as {@link #awaitFin}. */
    String awaitRst(String from, Duration timeout) {
        return tcpdump.await(l -> l.contains(" IP " + from) && l.contains("Flags [R"), timeout, "RST from " + from);
    }

    String packets() {
        return tcpdump.output();
    }

    /** Stops tcpdump (SIGTERM: it writes out what it holds) and returns the capture. */
    Path stop() {
        tcpdump.close();
        return pcap;
    }

    @Override
    public void close() {
        tcpdump.close();
    }
}
