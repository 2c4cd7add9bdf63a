package tcptrace.os;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A sock_diag netlink dump of this network namespace's TCP sockets (what {@code ss} reads): binary, and filtered by
 * state in the kernel, where /proc/net/tcp prints every socket as text, TIME_WAIT ones included: a host that churns
 * connections holds hundreds of thousands of those, and printing them cost a full CPU.
 */
final class SockDiag {
    /** inet_diag_msg: family, state, timer, retrans, then the socket id. */
    static final int MSG_STATE = 1;
    static final int MSG_TIMER = 2;
    /** inet_diag_sockid: source and destination port (big-endian), then source and destination address (16 each). */
    static final int MSG_SPORT = 4;
    static final int MSG_DPORT = 6;
    static final int MSG_SRC = 8;
    static final int MSG_DST = 24;
    static final int MSG_RQUEUE = 56;
    static final int MSG_WQUEUE = 60;
    static final int MSG_INODE = 68;
    static final int MSG_SIZE = 72;
    static final int RTA_HEADER = 4;
    /**
     * Every TCP state (1 ESTABLISHED to 12 NEW_SYN_RECV) but TIME_WAIT (6): no descriptor holds a socket in
     * TIME_WAIT, and a host that churns connections has most of its table there.
     */
    static final int HELD_STATES = ((1 << 13) - 2) & ~(1 << 6);
    /** The tcp_info attribute, asked for with {@link #dump}'s {@code extensions}. */
    static final int INET_DIAG_INFO = 2;

    private static final int NLMSG_HEADER = 16;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final short SOCK_DIAG_BY_FAMILY = 20;
    private static final short NLM_F_REQUEST = 1;
    private static final short NLM_F_DUMP = 0x300;
    private static final int IPPROTO_TCP = 6;
    /** inet_diag_req_v2: family, protocol, ext, pad, states, then a 48-byte socket id (zero: any). */
    private static final int REQUEST_SIZE = 56;
    private static final int RECEIVE_BUFFER = 64 * 1024;

    /** One inet_diag_msg of the reply: its family, and its bytes from {@code msg} (attributes up to {@code end}). */
    @FunctionalInterface
    interface Message {
        void accept(int family, ByteBuffer b, int msg, int end);
    }

    private SockDiag() {
    }

    /**
     * Dumps the IPv4 and IPv6 TCP sockets in {@code states} (a mask of 1 &lt;&lt; state), with the attributes of
     * {@code extensions} (a mask of 1 &lt;&lt; (attribute - 1)).
     */
    static void dump(int states, int extensions, Message each) throws IOException {
        int fd = LibC.INSTANCE.socket(LibC.AF_NETLINK, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, LibC.NETLINK_SOCK_DIAG);
        if (fd < 0) {
            throw new IOException("sock_diag netlink socket: errno " + Native.getLastError());
        }
        try {
            dump(fd, LibC.AF_INET, states, extensions, each);
            dump(fd, LibC.AF_INET6, states, extensions, each);
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }

    private static void dump(int fd, int family, int states, int extensions, Message each) throws IOException {
        ByteBuffer req = ByteBuffer.allocate(NLMSG_HEADER + REQUEST_SIZE).order(ByteOrder.nativeOrder());
        req.putInt(NLMSG_HEADER + REQUEST_SIZE).putShort(SOCK_DIAG_BY_FAMILY)
                .putShort((short) (NLM_F_REQUEST | NLM_F_DUMP)).putInt(family).putInt(0);
        req.put((byte) family).put((byte) IPPROTO_TCP).put((byte) extensions).put((byte) 0).putInt(states);
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
                each.accept(family, b, at + NLMSG_HEADER, at + len);
                at += align(len);
            }
        }
    }

    static int align(int len) {
        return len + 3 & ~3;
    }
}
