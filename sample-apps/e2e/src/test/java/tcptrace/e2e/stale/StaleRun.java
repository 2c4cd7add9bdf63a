package tcptrace.e2e.stale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import tcptrace.lab.VerdictRecord;

/**
 * One stale-reuse run: the two namespaces, tcpdump on the client's veth, an untraced server in the server's
 * namespace, a traced client JVM in the client's; then {@code tcptrace report} on the capture and the journals.
 */
final class StaleRun implements AutoCloseable {
    static final Duration STEP = Duration.ofSeconds(40);

    final PeerNetwork net;
    final Path dir;
    final Wire wire;
    private final Path jar;
    private final Path journalDir;
    private final List<AutoCloseable> servers = new ArrayList<>();
    private final List<Background> clients = new ArrayList<>();

    private StaleRun(PeerNetwork net, Path dir, Path jar, Path journalDir, Wire wire) {
        this.net = net;
        this.dir = dir;
        this.jar = jar;
        this.journalDir = journalDir;
        this.wire = wire;
    }

    static StaleRun start(String name, Path jar) throws IOException {
        Path dir = Path.of("target", "stale-pool", name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Path journalDir = Files.createDirectories(dir.resolve("journal"));
        // journals hold stacks and addresses: the agent wants its directory private
        Files.setPosixFilePermissions(journalDir, PosixFilePermissions.fromString("rwx------"));
        PeerNetwork net = PeerNetwork.create();
        try {
            return new StaleRun(net, dir, jar, journalDir, Wire.start(net, dir));
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    <T extends AutoCloseable> T server(T server) {
        servers.add(server);
        return server;
    }

    /** The server's endpoint as tcpdump prints a sender. */
    String serverOnWire(int port) {
        return net.serverIp + "." + port + " >";
    }

    /** A client program of this package in a JVM of its own with the agent, in the client's namespace. */
    Background client(Class<?> main, String... args) {
        return client(Path.of(System.getProperty("java.home")), main, args);
    }

    /** As {@link #client(Class, String...)}, on the JDK at {@code javaHome}. */
    Background client(Path javaHome, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java")
                .toString(), "-javaagent:" + jar + "=journal=" + journalDir, "-cp",
                System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Background b = Background.start(main.getSimpleName(), net.onClient(command),
                dir.resolve(main.getSimpleName() + "-" + (clients.size() + 1) + ".out"));
        clients.add(b);
        return b;
    }

    /** Stops the capture and runs {@code tcptrace report} in {@code format} on it and on the client's journals. */
    String report(String format) throws IOException {
        Path pcap = wire.stop();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString(), "report", "--pcap", pcap.toString(), "--format", format));
        try (Stream<Path> journals = Files.list(journalDir)) {
            List<String> files = journals.filter(p -> p.toString().endsWith(".journal")).map(Path::toString).toList();
            if (!files.isEmpty()) {
                command.add("--journal");
                command.addAll(files);
            }
        }
        String out = Commands.check(command);
        Files.writeString(dir.resolve("report." + format), out);
        return out;
    }

    List<VerdictRecord> verdicts() throws IOException {
        return report("json").lines().filter(l -> l.startsWith("{")).map(VerdictRecord::parse).toList();
    }

    @Override
    public void close() {
        clients.forEach(Background::close);
        for (AutoCloseable s : servers) {
            try {
                s.close();
            } catch (Exception e) {
                // the namespace goes next, and with it anything left listening in it
            }
        }
        wire.close();
        net.close();
    }
}
