package tcptrace.cli;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tcptrace.agent.event.Endpoint;
import tcptrace.correlate.AppConnection;
import tcptrace.correlate.Verdict;
import tcptrace.os.LiveSocket;
import tcptrace.os.LiveSockets;

/**
 * {@code capture --pid}: which verdicts are about the process's connections. Chosen in the tracer rather than by a
 * BPF filter of the ports it used at the start, so a connection it makes later, to any port, is there too: a
 * connection is the pid's when its journal knows it, or when the kernel's socket table showed it among the pid's
 * sockets at one of the last two looks (a socket the journal does not see, e.g. opened before an attach).
 */
final class PidSelection {
    private static final Logger LOG = LoggerFactory.getLogger(PidSelection.class);

    private final long pid;
    private final Supplier<List<AppConnection>> journaled;
    private volatile Set<List<Endpoint>> current = Set.of();
    private volatile Set<List<Endpoint>> previous = Set.of();

    PidSelection(long pid, Supplier<List<AppConnection>> journaled) {
        this.pid = pid;
        this.journaled = journaled;
    }

    /** Takes a new look at the pid's sockets; the one before stays, for sockets closed since. */
    void refresh() {
        Set<List<Endpoint>> seen = new HashSet<>();
        try {
            for (LiveSocket s : LiveSockets.tableOf(pid)) {
                seen.add(List.of(s.local(), s.remote()));
            }
        } catch (IOException gone) {
            LOG.debug("sockets of pid {} unreadable", pid, gone);
        }
        previous = current;
        current = seen;
    }

    boolean covers(Verdict v) {
        if (v.pid() != null && v.pid() == pid) {
            return true;
        }
        Endpoint a = v.src();
        Endpoint b = v.dst();
        if (a == null || b == null) {
            return false;
        }
        if (inTable(a, b) || inTable(b, a)) {
            return true;
        }
        for (AppConnection c : journaled.get()) {
            if (c.jvm().pid() == pid && (c.local().equals(a) && c.remote().equals(b)
                    || c.local().equals(b) && c.remote().equals(a))) {
                return true;
            }
        }
        return false;
    }

    private boolean inTable(Endpoint local, Endpoint remote) {
        List<Endpoint> t = List.of(local, remote);
        return current.contains(t) || previous.contains(t);
    }
}
