package tcptrace.lab;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tcptrace.scenario.Side;

/**
 * Two network namespaces joined by a veth pair: the client at .1, the server at .2 of a private /30 that exists only
 * inside them. The client namespace gets short TCP timers so that a dead peer is found in seconds. The cable is cut
 * in the server namespace, so the client's retransmissions and resets still reach the capture on the client's veth.
 */
final class NamespacePair implements Network {
    static final String VETH = "tt0";
    private static final String CUT_TABLE = "tcptrace_cut";

    /** Kernel defaults would take 15 minutes (tcp_retries2=15) and 2 hours (keepalive) to notice a dead peer. */
    private static final Map<String, String> CLIENT_SYSCTLS = Map.of(
            "net.ipv4.tcp_retries2", "3",
            "net.ipv4.tcp_keepalive_time", "2",
            "net.ipv4.tcp_keepalive_intvl", "1",
            "net.ipv4.tcp_keepalive_probes", "2");

    private final String clientNs;
    private final String serverNs;
    private final String clientIp;
    private final String serverIp;
    private final int serverPort;

    private NamespacePair(String clientNs, String serverNs, String clientIp, String serverIp, int serverPort) {
        this.clientNs = clientNs;
        this.serverNs = serverNs;
        this.clientIp = clientIp;
        this.serverIp = serverIp;
        this.serverPort = serverPort;
    }

    /**
     * Creates the pair; the namespaces are deleted by {@code cleanup}, whatever happens later. The server's port is
     * unique to the run: the namespaces would not need that, but the kernel's tracepoints are host-wide.
     */
    static NamespacePair create(String name, String subnetPrefix, int serverPort, Cleanup cleanup) {
        NamespacePair pair = new NamespacePair(name + "-c", name + "-s", subnetPrefix + ".1", subnetPrefix + ".2",
                serverPort);
        for (String ns : List.of(pair.clientNs, pair.serverNs)) {
            Exec.check(List.of("ip", "netns", "add", ns));
            cleanup.add(() -> Exec.run(List.of("ip", "netns", "del", ns)));
            Exec.check(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
        }
        Exec.check(List.of("ip", "-n", pair.clientNs, "link", "add", VETH, "type", "veth",
                "peer", "name", VETH, "netns", pair.serverNs));
        pair.configure(pair.clientNs, pair.clientIp);
        pair.configure(pair.serverNs, pair.serverIp);
        CLIENT_SYSCTLS.forEach((key, value) ->
                Exec.check(List.of("ip", "netns", "exec", pair.clientNs, "sysctl", "-q", "-w", key + "=" + value)));
        return pair;
    }

    private void configure(String ns, String ip) {
        Exec.check(List.of("ip", "-n", ns, "addr", "add", ip + "/30", "dev", VETH));
        Exec.check(List.of("ip", "-n", ns, "link", "set", VETH, "up"));
    }

    @Override
    public InetSocketAddress serverAddress() {
        return new InetSocketAddress(serverIp, serverPort);
    }

    @Override
    public List<String> on(Side side, List<String> command) {
        String ns = side == Side.CLIENT ? clientNs : serverNs;
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    public String captureInterface() {
        return VETH;
    }

    @Override
    public String captureFilter() {
        return "tcp";
    }

    @Override
    public void cutCable() {
        nft("add", "table", "inet", CUT_TABLE);
        nft("add", "chain", "inet", CUT_TABLE, "in", "{ type filter hook input priority -100; policy drop; }");
        nft("add", "chain", "inet", CUT_TABLE, "out", "{ type filter hook output priority -100; policy drop; }");
    }

    @Override
    public void restoreCable() {
        nft("delete", "table", "inet", CUT_TABLE);
    }

    private void nft(String... arguments) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", serverNs, "nft"));
        command.addAll(List.of(arguments));
        Exec.check(command);
    }
}
