package tcptrace.os;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
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

    private final Map<Long, Watched> watched = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** One watched process: its callback fires once, from whichever notices the end first. */
    private static final class Watched {
        final LongConsumer onExit;
        final AtomicBoolean fired = new AtomicBoolean();
        Thread thread;

        Watched(LongConsumer onExit) {
            this.onExit = onExit;
        }

        void fire() {
            if (fired.compareAndSet(false, true)) {
                onExit.accept(WallClock.nowNanos());
            }
        }
    }

    /**
     * Calls {@code onExit} with the epoch ns at which the process was seen gone, once, from a watcher thread (or
     * from {@link #sweep}); at once when it is already gone. Watching a pid twice is a no-op.
     */
    public void watch(long pid, LongConsumer onExit) {
        watched.computeIfAbsent(pid, p -> {
            Watched w = new Watched(onExit);
            w.thread = new Thread(() -> run(p, w), "tcptrace-watch-" + p);
            w.thread.setDaemon(true);
            w.thread.start();
            return w;
        });
    }

    /**
     * Checks every watched process from the caller's thread. A caller that decides by the clock calls this first,
     * so it never runs ahead of a watcher thread that a loaded machine has not scheduled yet.
     */
    public void sweep() {
        watched.forEach((pid, w) -> {
            if (!w.fired.get() && !running(pid)) {
                w.fire();
            }
        });
    }

    /** Whether the process exists and has not exited: a zombie's sockets are closed already. */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    private void run(long pid, Watched w) {
        int fd = openPidfd(pid);
        if (fd == -LibC.ESRCH) {
            w.fire();
            return;
        }
        boolean gone = fd >= 0 ? waitPidfd(fd) : waitPolling(pid);
        if (gone) {
            w.fire();
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
        watched.values().forEach(w -> w.thread.interrupt());
    }
}
