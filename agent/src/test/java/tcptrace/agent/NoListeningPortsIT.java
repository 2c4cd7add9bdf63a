package tcptrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tcptrace.testapp.WaitForAttach;

/** The agent opens no listening socket in the traced JVM: the only one there is the application's own. */
class NoListeningPortsIT {
    @TempDir
    Path tmp;

    static Stream<String> jdks() {
        return AgentIT.jdks();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void onlyTheApplicationsOwnSocketListens(String jdk) throws Exception {
        try (ChildJvm child = ChildJvm.start(jdk, tmp, List.of("-javaagent:" + ChildJvm.agentJar() + "=journal="
                + tmp.resolve("journal") + ",jfr=" + tmp.resolve("rec.jfr")), WaitForAttach.class)) {
            String[] ready = child.awaitLine("ready ").split(" ");
            int appPort = Integer.parseInt(ready[3]);
            assertThat(ProcSockets.listeningPorts(child.pid())).containsExactly(appPort);
            child.sendLine("go");
            assertThat(child.awaitExit()).isZero();
        }
    }

    /** The TCP sockets in LISTEN state that a process holds, from /proc. */
    static final class ProcSockets {
        private static final String LISTEN = "0A";

        private ProcSockets() {
        }

        static Set<Integer> listeningPorts(long pid) throws IOException {
            Set<String> inodes = new HashSet<>();
            try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (Path fd : (Iterable<Path>) fds::iterator) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring("socket:[".length(), target.length() - 1));
                        }
                    } catch (IOException closedMeanwhile) {
                        // a descriptor closed while we looked is no listener
                    }
                }
            }
            Set<Integer> ports = new HashSet<>();
            for (String table : List.of("tcp", "tcp6")) {
                List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    if (f[3].equals(LISTEN) && inodes.contains(f[9])) {
                        ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                    }
                }
            }
            return ports;
        }
    }
}
