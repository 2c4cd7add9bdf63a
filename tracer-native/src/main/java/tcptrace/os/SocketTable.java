package tcptrace.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tcptrace.agent.event.Endpoint;

/**
 * The TCP sockets of this process's network namespace by their two ends: the namespace a live capture sees on its
 * interfaces.
 */
final class SocketTable {
    /** Kernel TCP states (include/net/tcp_states.h) in which no descriptor can link to the socket any more. */
    private static final int FIN_WAIT1 = 4;
    private static final int FIN_WAIT2 = 5;
    private static final int TIME_WAIT = 6;
    private static final int CLOSE = 7;
    private static final int LAST_ACK = 9;
    private static final int CLOSING = 11;
    private static final Path NET = Path.of("/proc/self/net");

    record Key(Endpoint local, Endpoint remote) {
    }

    private final Map<Key, LiveSocket> sockets;

    private SocketTable(Map<Key, LiveSocket> sockets) {
        this.sockets = sockets;
    }

    /**
     * Every socket but those in TIME_WAIT (no process holds one), from the kernel's sock_diag dump; from
     * /proc/self/net/tcp{,6} where the dump is refused.
     */
    static SocketTable read() throws IOException {
        Map<Key, LiveSocket> sockets = new HashMap<>();
        try {
            SockDiag.dump(SockDiag.HELD_STATES, 0, (family, b, msg, end) -> {
                LiveSocket s = socket(family, b, msg);
                sockets.putIfAbsent(new Key(s.local(), s.remote()), s);
            });
            return new SocketTable(sockets);
        } catch (IOException | RuntimeException refused) {
            sockets.clear();
        }
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(NET.resolve(table));
            } catch (NoSuchFileException noIpv6) {
                continue;
            }
            for (LiveSocket s : LiveSockets.parse(lines)) {
                sockets.putIfAbsent(new Key(s.local(), s.remote()), s);
            }
        }
        return new SocketTable(sockets);
    }

    /** One inet_diag_msg as the socket /proc/net/tcp would show (an IPv4-mapped address as IPv4). */
    static LiveSocket socket(int family, ByteBuffer b, int msg) {
        int length = family == LibC.AF_INET ? 4 : 16;
        return new LiveSocket(endpoint(b, msg + SockDiag.MSG_SRC, length, msg + SockDiag.MSG_SPORT),
                endpoint(b, msg + SockDiag.MSG_DST, length, msg + SockDiag.MSG_DPORT),
                Byte.toUnsignedInt(b.get(msg + SockDiag.MSG_STATE)),
                Integer.toUnsignedLong(b.getInt(msg + SockDiag.MSG_WQUEUE)),
                Integer.toUnsignedLong(b.getInt(msg + SockDiag.MSG_RQUEUE)),
                Byte.toUnsignedInt(b.get(msg + SockDiag.MSG_TIMER)),
                Integer.toUnsignedLong(b.getInt(msg + SockDiag.MSG_INODE)), LiveSocket.IDLE_UNKNOWN);
    }

    private static Endpoint endpoint(ByteBuffer b, int address, int length, int port) {
        byte[] a = new byte[length];
        b.get(address, a);
        // the ports are in network order whatever the host's
        int p = Byte.toUnsignedInt(b.get(port)) << 8 | Byte.toUnsignedInt(b.get(port + 1));
        return new Endpoint(a, p).canonical();
    }

    /** The socket with these ends, or null. */
    LiveSocket find(Key key) {
        return sockets.get(key);
    }

    /**
     * Whether no descriptor will ever link to this socket: the application closed it (the kernel finishes the
     * connection alone). A socket without inode in another state is waiting in a listener's queue for accept().
     */
    static boolean orphaned(LiveSocket s) {
        return switch (s.state()) {
            case FIN_WAIT1, FIN_WAIT2, TIME_WAIT, CLOSE, LAST_ACK, CLOSING -> s.inode() == 0;
            default -> false;
        };
    }
}
