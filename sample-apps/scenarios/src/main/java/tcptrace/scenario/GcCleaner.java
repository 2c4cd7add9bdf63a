package tcptrace.scenario;

import static tcptrace.lab.Teardown.fin;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;

/**
 * The client leaks a connected socket: it drops the last reference without closing it. After a GC the JDK's
 * Common-Cleaner thread closes the file descriptor, which sends the FIN. The server reads EOF and closes.
 */
public final class GcCleaner implements Scenario {
    private static final int GC_ATTEMPTS = 200;

    @Override
    public String name() {
        return "gc-cleaner";
    }

    @Override
    public String summary() {
        return "the client leaks a connected socket; after System.gc() the JDK's cleaner closes it";
    }

    @Override
    public void server(Role role) throws Exception {
        Sockets.closeAfterEof(role);
    }

    @Override
    public void client(Role role) throws Exception {
        String leaked = "socket:[" + inodeOfLocalPort(leakConnection(role)) + "]";
        for (int attempt = 0; attempt < GC_ATTEMPTS && openSockets().contains(leaked); attempt++) {
            System.gc();
            Thread.sleep(50);
        }
        if (openSockets().contains(leaked)) {
            throw new IllegalStateException("the leaked socket is still open after " + GC_ATTEMPTS
                    + " collections: something holds a strong reference to it");
        }
        role.signal("DONE");
        role.park();
    }

    /** In its own frame, so that no local variable keeps the socket reachable afterwards; returns its local port. */
    private static int leakConnection(Role role) throws IOException {
        Socket socket = Sockets.connect(role);
        socket.getOutputStream().write(Sockets.HELLO);
        return socket.getLocalPort();
    }

    /** The socket inode of this process's connection from the given local port, from /proc/self/net/tcp{,6}. */
    private static String inodeOfLocalPort(int port) throws IOException {
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/self/net/tcp6", "/proc/self/net/tcp")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length > 9 && columns[1].endsWith(hexPort)) {
                    return columns[9];
                }
            }
        }
        throw new IllegalStateException("no socket with local port " + port + " in /proc/self/net/tcp*");
    }

    /** This process's open sockets, as the targets of its /proc/self/fd links: the leak ends when its inode goes. */
    private static Set<String> openSockets() throws IOException {
        Set<String> sockets = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:")) {
                        sockets.add(target);
                    }
                } catch (IOException closedMeanwhile) {
                    // the directory stream's own descriptor, or one closed while listing
                }
            }
        }
        return sockets;
    }

    @Override
    public List<Expected> expected() {
        return List.of(Expected.fin(VerdictKind.GC_CLEANER_CLOSE, Side.CLIENT), Expected.fin(VerdictKind.APP_CLOSE, Side.SERVER));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown(fin(Side.CLIENT), fin(Side.SERVER));
    }
}
