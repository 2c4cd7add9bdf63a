package tcptrace.os;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells, within milliseconds, when a watched process ends. ProcessHandle.onExit polls a process that is not our
 * child with sleeps from 300 ms up to 5 s, too slow to decide a FIN within a second; a pidfd (pidfd_open(2), Linux
 * 5.3+) becomes readable the moment the process exits. Without pidfds, a 50 ms liveness poll stands in.
 */
public final class ProcessWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessWatch.class);
    private static final int POLL_SLICE_MILLIS = 200;
    private static final long FALLBACK_POLL_MILLIS = 50;

    private final Map<Long, Thread> watchers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Calls {@code onExit} with the epoch ns at which the process was seen gone, once, from a watcher thread; at
     * once when it is already gone. Watching a pid twice is a no-op.
     */
    public void watch(long pid, LongConsumer onExit) {
        watchers.computeIfAbsent(pid, p -> {
            Thread t = new Thread(() -> run(p, onExit), "tcptrace-watch-" + p);
            t.setDaemon(true);
            t.start();
            return t;
        });
    }

    private void run(long pid, LongConsumer onExit) {
        int fd = openPidfd(pid);
        if (fd == -LibC.ESRCH) {
            onExit.accept(WallClock.nowNanos());
            return;
        }
        boolean gone = fd >= 0 ? waitPidfd(fd) : waitPolling(pid);
        if (gone) {
            onExit.accept(WallClock.nowNanos());
        }
    }

    /** A pidfd, or minus the errno. */
    private static int openPidfd(long pid) {
        try {
            int fd = (int) LibC.INSTANCE.syscall(LibC.SYS_PIDFD_OPEN, (int) pid, 0);
            return fd >= 0 ? fd : -Native.getLastError();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("pidfd_open unavailable", e);
            return -1;
        }
    }

    private boolean waitPidfd(int fd) {
        try (Memory pollfd = new Memory(8)) {
            while (!closed) {
                pollfd.setInt(0, fd);
                pollfd.setShort(4, LibC.POLLIN);
                pollfd.setShort(6, (short) 0);
                int n = LibC.INSTANCE.poll(pollfd, 1, POLL_SLICE_MILLIS);
                if (n > 0 && (pollfd.getShort(6) & LibC.POLLIN) != 0) {
                    return true;
                }
            }
            return false;
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }

    private boolean waitPolling(long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        while (!closed) {
            if (h.isEmpty() || !h.get().isAlive()) {
                return true;
            }
            try {
                Thread.sleep(FALLBACK_POLL_MILLIS);
            } catch (InterruptedException e) {
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        watchers.values().forEach(Thread::interrupt);
    }
}
