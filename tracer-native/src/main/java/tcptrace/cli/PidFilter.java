package tcptrace.cli;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import tcptrace.InputException;
import tcptrace.os.LiveSocket;
import tcptrace.os.LiveSockets;

/**
 * The BPF filter for {@code capture --pid}: every port of the process's TCP sockets, local (its listening and
 * connected ports) and remote (so that new connections to the same servers are caught too).
 */
final class PidFilter {
    private PidFilter() {
    }

    static String forPid(long pid) throws InputException {
        List<LiveSocket> sockets;
        try {
            sockets = LiveSockets.of(pid);
        } catch (IOException e) {
            throw new InputException("cannot read the sockets of pid " + pid + " (" + e.getMessage() + ")", e);
        }
        TreeSet<Integer> ports = new TreeSet<>();
        for (LiveSocket s : sockets) {
            ports.add(s.local().port());
            if (s.remote().port() != 0) {
                ports.add(s.remote().port());
            }
        }
        return of(ports);
    }

    static String of(Collection<Integer> ports) {
        if (ports.isEmpty()) {
            return "tcp";
        }
        return "tcp and (" + ports.stream().map(p -> "port " + p).collect(Collectors.joining(" or ")) + ")";
    }
}
