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
import java.util.concurrent.TimeUnit;
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

    /** Told once that a watched process ended. */
    public interface ExitListener {
        /**
         * @param lastSeenAliveNanos the last time (epoch ns) a look found it still alive: it died after this
         * @param seenGoneNanos      when it was seen gone
         */
        void exited(long lastSeenAliveNanos, long seenGoneNanos);
    }

    /** One watched process: its callback fires once, from whichever notices the end first. */
    private static final class Watched {
        final ExitListener onExit;
        final AtomicBoolean fired = new AtomicBoolean();
        volatile long seenAliveNanos = WallClock.nowNanos();
        Thread thread;

        Watched(ExitListener onExit) {
            this.onExit = onExit;
        }

        void seenAlive(long lookStartNanos) {
            seenAliveNanos = Math.max(seenAliveNanos, lookStartNanos);
        }

        void fire() {
            if (fired.compareAndSet(false, true)) {
                onExit.exited(seenAliveNanos, WallClock.nowNanos());
            }
        }
    }

    /**
     * Calls {@code onExit} once, with the last time the process was seen alive and the time it was seen gone, from a
     * watcher thread (or from {@link #sweep}); at once when it is already gone. Watching a pid twice is a no-op.
     */
    public void watch(long pid, ExitListener onExit) {
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
            if (!w.fired.get()) {
                long look = WallClock.nowNanos();
                if (running(pid)) {
                    w.seenAlive(look);
                } else {
                    w.fire();
                }
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
        boolean gone = fd >= 0 ? waitPidfd(fd, w) : waitPolling(pid, w);
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

    private boolean waitPidfd(int fd, Watched w) {
        try (Memory pollfd = new Memory(8)) {
            while (!closed) {
                pollfd.setInt(0, fd);
                pollfd.setShort(4, LibC.POLLIN);
                pollfd.setShort(6, (short) 0);
                int n = LibC.INSTANCE.poll(pollfd, 1, POLL_SLICE_MILLIS);
                if (n > 0 && (pollfd.getShort(6) & LibC.POLLIN) != 0) {
                    return true;
                }
                // the slice ended without the exit: alive when poll last looked, a moment ago
                w.seenAlive(WallClock.nowNanos() - TimeUnit.MILLISECONDS.toNanos(1));
            }
            return false;
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }

    private boolean waitPolling(long pid, Watched w) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        while (!closed) {
            long look = WallClock.nowNanos();
            if (h.isEmpty() || !h.get().isAlive()) {
                return true;
            }
            w.seenAlive(look);
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
