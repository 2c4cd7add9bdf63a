package tcptrace.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tcptrace.agent.event.Endpoint;

/**
 * The TCP sockets of this process's network namespace (/proc/self/net/tcp and tcp6) by their two ends: the namespace
 * a live capture sees on its interfaces.
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

    static SocketTable read() throws IOException {
        Map<Key, LiveSocket> sockets = new HashMap<>();
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
