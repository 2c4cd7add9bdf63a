package tcptrace.os;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a process's TCP sysctls from its own network namespace. */
public final class NetNamespaces {
    private static final Logger LOG = LoggerFactory.getLogger(NetNamespaces.class);

    private NetNamespaces() {
    }

    /**
     * The sysctls of {@code pid}'s network namespace. When it is ours they are read directly; otherwise a dedicated
     * thread enters it with setns(2) (procfs answers for the namespace of the reading thread) and is then thrown
     * away. When that fails (not root, the process is gone) this namespace's values come back, and
     * {@link TcpSysctls#source()} says so.
     */
    public static TcpSysctls sysctlsOf(long pid) {
        String theirs = link(Path.of("/proc", Long.toString(pid), "ns", "net"));
        String ours = link(Path.of("/proc/self/ns/net"));
        try {
            if (theirs != null && theirs.equals(ours)) {
                return TcpSysctls.readHere("network namespace of pid " + pid + ", which is this one");
            }
            if (theirs == null) {
                return TcpSysctls.readHere("this network namespace: the namespace of pid " + pid
                        + " cannot be seen");
            }
            return readInside(pid, theirs);
        } catch (IOException e) {
            return TcpSysctls.KERNEL_DEFAULTS;
        }
    }

    private static TcpSysctls readInside(long pid, String ns) throws IOException {
        try {
            return inside(pid, () -> TcpSysctls.readHere("network namespace of pid " + pid + " (" + ns + ")"));
        } catch (IOException e) {
            LOG.debug("cannot enter the network namespace of pid {}", pid, e);
            return TcpSysctls.readHere("this network namespace: the namespace of pid " + pid + " (" + ns
                    + ") could not be entered (" + e.getMessage() + ")");
        }
    }

    /** What the kernel answers to a thread of the network namespace of a process. */
    interface NamespaceCall<T> {
        T call() throws IOException;
    }

    /**
     * Runs {@code call} in {@code pid}'s network namespace: procfs and netlink answer for the namespace of the calling
     * thread, so a dedicated thread enters it with setns(2) and is then thrown away. In this namespace already, it
     * runs here.
     */
    static <T> T inside(long pid, NamespaceCall<T> call) throws IOException {
        String theirs = link(Path.of("/proc", Long.toString(pid), "ns", "net"));
        if (theirs != null && theirs.equals(link(Path.of("/proc/self/ns/net")))) {
            return call.call();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            int fd = LibC.INSTANCE.open("/proc/" + pid + "/ns/net", LibC.O_RDONLY | LibC.O_CLOEXEC);
            if (fd < 0) {
                result.completeExceptionally(new IOException("open: errno " + Native.getLastError()));
                return;
            }
            try {
                if (LibC.INSTANCE.setns(fd, LibC.CLONE_NEWNET) != 0) {
                    result.completeExceptionally(new IOException("setns: errno " + Native.getLastError()));
                    return;
                }
                result.complete(call.call());
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            } finally {
                LibC.INSTANCE.close(fd);
            }
        }, "tcptrace-netns-" + pid);
        t.setDaemon(true);
        t.start();
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
        } catch (TimeoutException | UnsatisfiedLinkError e) {
            throw new IOException(e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }
}
