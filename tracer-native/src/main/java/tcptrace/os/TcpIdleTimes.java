package tcptrace.os;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * How long each established TCP socket of a network namespace has carried no data, as its kernel keeps it: the
 * {@code tcp_info} of a sock_diag netlink dump (what {@code ss -ti} shows as lastsnd and lastrcv). Keepalive probes
 * and bare ACKs are no data. /proc/net/tcp does not have it.
 */
public final class TcpIdleTimes {
    private static final int NLMSG_HEADER = 16;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final short SOCK_DIAG_BY_FAMILY = 20;
    private static final short NLM_F_REQUEST = 1;
    private static final short NLM_F_DUMP = 0x300;
    private static final int IPPROTO_TCP = 6;
    private static final int INET_DIAG_INFO = 2;
    private static final int TCP_ESTABLISHED = 1;
    /** inet_diag_req_v2: family, protocol, ext, pad, states, then a 48-byte socket id (zero: any). */
    private static final int REQUEST_SIZE = 56;
    /** inet_diag_msg: family, state, timer, retrans, id (48 bytes), expires, rqueue, wqueue, uid, inode. */
    private static final int MSG_INODE = 68;
    private static final int MSG_SIZE = 72;
    private static final int RTA_HEADER = 4;
    /** struct tcp_info: milliseconds since the last data segment sent and received. */
    private static final int TCPI_LAST_DATA_SENT = 44;
    private static final int TCPI_LAST_DATA_RECV = 52;
    private static final int RECEIVE_BUFFER = 64 * 1024;

    private TcpIdleTimes() {
    }

    /** Milliseconds without data either way, by socket inode, for the established sockets of {@code pid}'s namespace. */
    public static Map<Long, Long> of(long pid) throws IOException {
        return NetNamespaces.inside(pid, TcpIdleTimes::here);
    }

    static Map<Long, Long> here() throws IOException {
        Map<Long, Long> idle = new HashMap<>();
        int fd = LibC.INSTANCE.socket(LibC.AF_NETLINK, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, LibC.NETLINK_SOCK_DIAG);
        if (fd < 0) {
            throw new IOException("sock_diag netlink socket: errno " + Native.getLastError());
        }
        try {
            dump(fd, LibC.AF_INET, idle);
            dump(fd, LibC.AF_INET6, idle);
        } finally {
            LibC.INSTANCE.close(fd);
        }
        return idle;
    }

    private static void dump(int fd, int family, Map<Long, Long> idle) throws IOException {
        ByteBuffer req = ByteBuffer.allocate(NLMSG_HEADER + REQUEST_SIZE).order(ByteOrder.nativeOrder());
        req.putInt(NLMSG_HEADER + REQUEST_SIZE).putShort(SOCK_DIAG_BY_FAMILY).putShort((short) (NLM_F_REQUEST | NLM_F_DUMP))
                .putInt(family).putInt(0);
        req.put((byte) family).put((byte) IPPROTO_TCP).put((byte) (1 << (INET_DIAG_INFO - 1))).put((byte) 0)
                .putInt(1 << TCP_ESTABLISHED);
        if (LibC.INSTANCE.send(fd, req.array(), req.capacity(), 0) < 0) {
            throw new IOException("sock_diag request: errno " + Native.getLastError());
        }
        byte[] buf = new byte[RECEIVE_BUFFER];
        while (true) {
            long n = LibC.INSTANCE.recv(fd, buf, buf.length, 0);
            if (n < 0) {
                throw new IOException("sock_diag reply: errno " + Native.getLastError());
            }
            ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) n).order(ByteOrder.nativeOrder());
            for (int at = 0; at + NLMSG_HEADER <= n; ) {
                int len = b.getInt(at);
                int type = Short.toUnsignedInt(b.getShort(at + 4));
                if (type == NLMSG_DONE) {
                    return;
                }
                if (type == NLMSG_ERROR) {
                    throw new IOException("sock_diag: errno " + -b.getInt(at + NLMSG_HEADER));
                }
                if (len < NLMSG_HEADER + MSG_SIZE || at + len > n) {
                    throw new IOException("sock_diag: malformed reply");
                }
                idleOf(b, at + NLMSG_HEADER, at + len, idle);
                at += align(len);
            }
        }
    }

    /** Reads one inet_diag_msg and its attributes, from {@code msg} to {@code end}. */
    private static void idleOf(ByteBuffer b, int msg, int end, Map<Long, Long> idle) {
        long inode = Integer.toUnsignedLong(b.getInt(msg + MSG_INODE));
        for (int at = msg + MSG_SIZE; at + RTA_HEADER <= end; ) {
            int len = Short.toUnsignedInt(b.getShort(at));
            int type = Short.toUnsignedInt(b.getShort(at + 2));
            if (len < RTA_HEADER) {
                return;
            }
            if (type == INET_DIAG_INFO && len >= RTA_HEADER + TCPI_LAST_DATA_RECV + 4) {
                long sent = Integer.toUnsignedLong(b.getInt(at + RTA_HEADER + TCPI_LAST_DATA_SENT));
                long received = Integer.toUnsignedLong(b.getInt(at + RTA_HEADER + TCPI_LAST_DATA_RECV));
                idle.put(inode, Math.min(sent, received));
                return;
            }
            at += align(len);
        }
    }

    private static int align(int len) {
        return len + 3 & ~3;
    }
}
