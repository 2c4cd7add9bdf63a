package tcptrace.agent.bootstrap;

import java.time.Instant;

/**
 * The calls that advice inlined into java.base makes. Loaded by the bootstrap class loader so that JDK classes can
 * link to it; forwards to the {@link SocketEventSink} the agent installs and does nothing before that. Nothing
 * here may throw into the application: every forward is wrapped, and the re-entrancy guard keeps the sink's own
 * I/O out of the picture.
 */
public final class SocketProbes {
    private static volatile SocketEventSink sink;

    private SocketProbes() {
    }

    /** Installs the sink once; false if one is installed already (the agent was loaded twice). */
    public static synchronized boolean install(SocketEventSink s) {
        if (sink != null) {
            return false;
        }
        sink = s;
        return true;
    }

    /** Turns the probes off again: the agent found it cannot work in this JVM. */
    public static synchronized void uninstall(SocketEventSink s) {
        if (sink == s) {
            sink = null;
        }
    }

    public static boolean installed() {
        return sink != null;
    }

    /** Wall clock, ns since the epoch: the clock of pcap's kernel timestamps. */
    public static long now() {
        if (sink == null) {
            return 0;
        }
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    public static void connected(Object self, Object remote, long epochNanos, boolean connected, Throwable thrown) {
        SocketEventSink s = sink;
        if (s != null && ProbeGuard.enter()) {
            try {
                s.connected(self, remote, epochNanos, connected, thrown);
            } catch (Throwable ignored) {
                // a tracing failure must never become the application's failure
            } finally {
                ProbeGuard.exit();
            }
        }
    }

    /**
     * The JDK made {@code exception} the failure of a connect to {@code remote} on this thread; a close that follows
     * on it, of a connect still pending, takes its message.
     */
    public static void connectFailing(Object remote, Object exception) {
        SocketEventSink s = sink;
        if (s != null && exception instanceof Throwable t && ProbeGuard.enter()) {
            try {
                s.connectFailing(remote, t);
            } catch (Throwable ignored) {
                // see connected
            } finally {
                ProbeGuard.exit();
            }
        }
    }

    public static void connectFinished(Object self, boolean done, Throwable thrown) {
        SocketEventSink s = sink;
        if (s != null && ProbeGuard.enter()) {
            try {
                s.connectFinished(self, done, thrown);
            } catch (Throwable ignored) {
                // see connected
            } finally {
                ProbeGuard.exit();
            }
        }
    }

    /** {@code accepted} is the new connection's SocketImpl or SocketChannel; null when none was accepted. */
    public static void accepted(Object accepted) {
        SocketEventSink s = sink;
        if (s != null && accepted != null && ProbeGuard.enter()) {
            try {
                s.accepted(accepted);
            } catch (Throwable ignored) {
                // see connected
            } finally {
                ProbeGuard.exit();
            }
        }
    }

    /** Hot path: a successful read only bumps a counter, without the guard's thread-local look-up. */
    public static void read(Object self, long n, Throwable thrown) {
        SocketEventSink s = sink;
        if (s == null) {
            return;
        }
        if (n > 0 && thrown == null) {
            try {
                s.read(self, n, null);
            } catch (Throwable ignored) {
                // see connected
            }
        } else if (n < 0 || thrown != null) {
            if (ProbeGuard.enter()) {
                try {
                    s.read(self, n, thrown);
                } catch (Throwable ignored) {
                    // see connected
                } finally {
                    ProbeGuard.exit();
                }
            }
        }
    }

    /** Hot path, as {@link #read}. */
    public static void written(Object self, long n, Throwable thrown) {
        SocketEventSink s = sink;
        if (s == null) {
            return;
        }
        if (thrown == null) {
            if (n > 0) {
                try {
                    s.written(self, n, null);
                } catch (Throwable ignored) {
                    // see connected
                }
            }
        } else if (ProbeGuard.enter()) {
            try {
                s.written(self, n, thrown);
            } catch (Throwable ignored) {
                // see connected
            } finally {
                ProbeGuard.exit();
            }
        }
    }

    /** An io_uring write completed with {@code -errno}: not the hot path, guarded as the other failures. */
    public static void ringFailed(Object self, int negativeErrno) {
        SocketEventSink s = sink;
        if (s != null && ProbeGuard.enter()) {
            try {
                s.ringFailed(self, negativeErrno);
            } catch (Throwable ignored) {
                // see connected
            } finally {
                ProbeGuard.exit();
            }
        }
    }

    public static void closing(Object self, long epochNanos) {
        SocketEventSink s = sink;
        if (s != null && ProbeGuard.enter()) {
            try {
                s.closing(self, epochNanos);
            } catch (Throwable ignored) {
                // see connected
            } finally {
                ProbeGuard.exit();
            }
        }
    }

    public static void descriptorClosing(Object fd) {
        SocketEventSink s = sink;
        if (s != null && ProbeGuard.enter()) {
            try {
                s.descriptorClosing(fd);
            } catch (Throwable ignored) {
                // see connected
            } finally {
                ProbeGuard.exit();
            }
        }
    }

    public static void shutdown(Object self, boolean output, long epochNanos) {
        SocketEventSink s = sink;
        if (s != null && ProbeGuard.enter()) {
            try {
                s.shutdown(self, output, epochNanos);
            } catch (Throwable ignored) {
                // see connected
            } finally {
                ProbeGuard.exit();
            }
        }
    }

    public static void localAddressRead(Object fd, Object address) {
        SocketEventSink s = sink;
        if (s != null && ProbeGuard.enter()) {
            try {
                s.localAddressRead(fd, address);
            } catch (Throwable ignored) {
                // see connected
            } finally {
                ProbeGuard.exit();
            }
        }
    }

    public static void optionSet(Object self, Object option, Object value, Throwable thrown) {
        SocketEventSink s = sink;
        if (s != null && thrown == null && ProbeGuard.enter()) {
            try {
                s.optionSet(self, option, value);
            } catch (Throwable ignored) {
                // see connected
            } finally {
                ProbeGuard.exit();
            }
        }
    }
}
