package tcptrace.e2e.stale;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client namespace and a server namespace joined by a veth pair (client .1, server .2 of a private /30): the
 * server's address belongs to no interface of the client's namespace, so its end is a peer, not this host. Names
 * follow the lab's ({@code tt<pid>-<n>-<m>-c|s}), so the lab removes the leftovers of a killed run.
 */
public final class PeerNetwork implements AutoCloseable {
    public static final String VETH = "tt0";
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final String clientNs;
    private final String serverNs;
    public final String clientIp;
    public final String serverIp;

    /** @param base the first address of the /30 in {@code prefix}'s last octet: a multiple of 4 */
    private PeerNetwork(String name, String prefix, int base) {
        clientNs = name + "-c";
        serverNs = name + "-s";
        clientIp = prefix + "." + (base + 1);
        serverIp = prefix + "." + (base + 2);
    }

    public static PeerNetwork create() {
        int run = RUNS.incrementAndGet();
        long pid = ProcessHandle.current().pid();
        // 10.250.x.y is outside the lab's 10.64-191 subnets; the pid keeps parallel test runs apart
        PeerNetwork n = new PeerNetwork("tt" + pid + "-900-" + run, "10.250." + pid % 250, run % 63 * 4);
        try {
            for (String ns : List.of(n.clientNs, n.serverNs)) {
                Commands.check(List.of("ip", "netns", "add", ns));
                Commands.check(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
            }
            Commands.check(List.of("ip", "-n", n.clientNs, "link", "add", VETH, "type", "veth", "peer", "name", VETH,
                    "netns", n.serverNs));
            n.configure(n.clientNs, n.clientIp);
            n.configure(n.serverNs, n.serverIp);
            return n;
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
    }

    private void configure(String ns, String ip) {
        Commands.check(List.of("ip", "-n", ns, "addr", "add", ip + "/30", "dev", VETH));
        Commands.check(List.of("ip", "-n", ns, "link", "set", VETH, "up"));
    }

    public List<String> onClient(List<String> command) {
        return in(clientNs, command);
    }

    public List<String> onServer(List<String> command) {
        return in(serverNs, command);
    }

    /**
     * Drops every packet in and out of the server's namespace, as a cut cable would: the server's kernel neither
     * answers nor resets, and what the client sends still reaches a capture on the client's veth.
     */
    public void cutCable() {
        String table = "tcptrace_cut";
        Commands.check(onServer(List.of("nft", "add", "table", "inet", table)));
        Commands.check(onServer(List.of("nft", "add", "chain", "inet", table, "in",
                "{ type filter hook input priority -100; policy drop; }")));
        Commands.check(onServer(List.of("nft", "add", "chain", "inet", table, "out",
                "{ type filter hook output priority -100; policy drop; }")));
    }

    private static List<String> in(String ns, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    public void close() {
        for (String ns : List.of(clientNs, serverNs)) {
            try {
                Commands.check(List.of("ip", "netns", "del", ns));
            } catch (IllegalStateException e) {
                // not created
            }
        }
    }
}
