package tcptrace.os;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The few libc calls the tracer makes through JNA. */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    int CLONE_NEWNET = 0x40000000;
    short POLLIN = 1;
    /** pidfd_open(2) on every Linux architecture that tcptrace runs on (x86_64, aarch64). */
    long SYS_PIDFD_OPEN = 434;
    int ESRCH = 3;
    int AF_INET = 2;
    int AF_INET6 = 10;
    int AF_NETLINK = 16;
    int SOCK_DGRAM = 2;
    int SOCK_CLOEXEC = 0x80000;
    int NETLINK_SOCK_DIAG = 4;

    int open(String path, int flags);

    int close(int fd);

    int setns(int fd, int nstype);

    int socket(int domain, int type, int protocol);

    long send(int fd, byte[] buf, long len, int flags);

    long recv(int fd, byte[] buf, long len, int flags);

    int poll(Pointer fds, long nfds, int timeoutMillis);

    long syscall(long number, Object... args);
}
