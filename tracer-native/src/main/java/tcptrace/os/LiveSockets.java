package tcptrace.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tcptrace.agent.event.Endpoint;

/**
 * The TCP sockets a process holds: the socket table of its network namespace (the kernel's sock_diag dump there, or
 * /proc/&lt;pid&gt;/net/tcp and tcp6) joined with the socket inodes its descriptors point to (/proc/&lt;pid&gt;/fd).
 */
public final class LiveSockets {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSockets.class);
    private LiveSockets() {
    }

    public static List<LiveSocket> of(long pid) throws IOException {
        return withIdleTimes(pid, tableOf(pid));
    }

    /** As {@link #of}, without the idle times: cheap enough to ask several times a second. */
    public static List<LiveSocket> tableOf(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        Set<Long> inodes = socketInodes(proc.resolve("fd"));
        List<LiveSocket> out = new ArrayList<>();
        if (inodes.isEmpty()) {
            return out;
        }
        try {
            NetNamespaces.inside(pid, () -> {
                SockDiag.dump(SockDiag.HELD_STATES, 0, (family, b, msg, end) -> {
                    if (inodes.contains(Integer.toUnsignedLong(b.getInt(msg + SockDiag.MSG_INODE)))) {
                        out.add(SocketTable.socket(family, b, msg));
                    }
                });
                return null;
            });
            return out;
        } catch (IOException | RuntimeException | UnsatisfiedLinkError refused) {
            LOG.debug("sock_diag of pid {} refused; reading its /proc tables", pid, refused);
            out.clear();
        }
        for (String table : List.of("tcp", "tcp6")) {
            Path file = proc.resolve("net").resolve(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (LiveSocket s : parse(Files.readAllLines(file))) {
                if (inodes.contains(s.inode())) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The sockets with their idle times; unknown when the kernel cannot be asked (not root, no namespace). */
    private static List<LiveSocket> withIdleTimes(long pid, List<LiveSocket> sockets) {
        if (sockets.isEmpty()) {
            return sockets;
        }
        Map<Long, Long> idle;
        try {
            idle = TcpIdleTimes.of(pid);
        } catch (IOException | UnsatisfiedLinkError e) {
            LOG.debug("idle times of pid {} unknown", pid, e);
            return sockets;
        }
        List<LiveSocket> out = new ArrayList<>(sockets.size());
        for (LiveSocket s : sockets) {
            out.add(s.withIdle(idle.getOrDefault(s.inode(), LiveSocket.IDLE_UNKNOWN)));
        }
        return out;
    }

    private static Set<Long> socketInodes(Path fdDir) throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (NoSuchFileException closedMeanwhile) {
                    // the descriptor was closed while we listed them
                }
            }
        }
        return inodes;
    }

    /** Parses the lines of a /proc/net/tcp or tcp6 table (the first is the header). */
    static List<LiveSocket> parse(List<String> lines) {
        List<LiveSocket> out = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            String[] queues = f[4].split(":");
            String[] timer = f[5].split(":");
            out.add(new LiveSocket(endpoint(f[1]), endpoint(f[2]), Integer.parseInt(f[3], 16),
                    Long.parseLong(queues[0], 16), Long.parseLong(queues[1], 16), Integer.parseInt(timer[0], 16),
                    Long.parseLong(f[9]), LiveSocket.IDLE_UNKNOWN));
        }
        return out;
    }

    /** "0100007F:1F90": the address as 32-bit words in the kernel's (little-endian) order, then the port. */
    static Endpoint endpoint(String hex) {
        int colon = hex.indexOf(':');
        String addr = hex.substring(0, colon);
        byte[] bytes = new byte[addr.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(addr.substring(at, at + 2), 16);
            }
        }
        return new Endpoint(bytes, Integer.parseInt(hex.substring(colon + 1), 16)).canonical();
    }
}
