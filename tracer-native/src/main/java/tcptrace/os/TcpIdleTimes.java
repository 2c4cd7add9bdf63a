package tcptrace.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * How long each established TCP socket of a network namespace has carried no data, as its kernel keeps it: the
 * {@code tcp_info} of a sock_diag netlink dump (what {@code ss -ti} shows as lastsnd and lastrcv). Keepalive probes
 * and bare ACKs are no data. /proc/net/tcp does not have it.
 */
public final class TcpIdleTimes {
    private static final int TCP_ESTABLISHED = 1;
    /** struct tcp_info: milliseconds since the last data segment sent and received. */
    private static final int TCPI_LAST_DATA_SENT = 44;
    private static final int TCPI_LAST_DATA_RECV = 52;

    private TcpIdleTimes() {
    }

    /** Milliseconds without data either way, by socket inode, for the established sockets of {@code pid}'s namespace. */
    public static Map<Long, Long> of(long pid) throws IOException {
        return NetNamespaces.inside(pid, TcpIdleTimes::here);
    }

    static Map<Long, Long> here() throws IOException {
        Map<Long, Long> idle = new HashMap<>();
        SockDiag.dump(1 << TCP_ESTABLISHED, 1 << (SockDiag.INET_DIAG_INFO - 1),
                (family, b, msg, end) -> idleOf(b, msg, end, idle));
        return idle;
    }

    /** Reads one inet_diag_msg and its attributes, from {@code msg} to {@code end}. */
    private static void idleOf(ByteBuffer b, int msg, int end, Map<Long, Long> idle) {
        long inode = Integer.toUnsignedLong(b.getInt(msg + SockDiag.MSG_INODE));
        for (int at = msg + SockDiag.MSG_SIZE; at + SockDiag.RTA_HEADER <= end; ) {
            int len = Short.toUnsignedInt(b.getShort(at));
            int type = Short.toUnsignedInt(b.getShort(at + 2));
            if (len < SockDiag.RTA_HEADER) {
                return;
            }
            if (type == SockDiag.INET_DIAG_INFO && len >= SockDiag.RTA_HEADER + TCPI_LAST_DATA_RECV + 4) {
                long sent = Integer.toUnsignedLong(b.getInt(at + SockDiag.RTA_HEADER + TCPI_LAST_DATA_SENT));
                long received = Integer.toUnsignedLong(b.getInt(at + SockDiag.RTA_HEADER + TCPI_LAST_DATA_RECV));
                idle.put(inode, Math.min(sent, received));
                return;
            }
            at += SockDiag.align(len);
        }
    }
}
