package tcptrace.e2e.stale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's PostgreSQL in the server namespace, untraced, in a cluster of its own with {@code idle_session_timeout}:
 * the server ends a session that has been idle that long, as a pool's idle connection meets it in production.
 */
final class Postgres implements AutoCloseable {
    static final int PORT = 5432;
    private final Background server;
    private final Path data;

    private Postgres(Background server, Path data) {
        this.server = server;
        this.data = data;
    }

    static Postgres start(PeerNetwork net, Path logDir, Duration idleSessionTimeout) throws IOException {
        Path bin = binDirectory();
        // initdb and the server run as postgres, which cannot enter the build's directories
        Path data = Files.createTempDirectory(Path.of("/tmp"), "tcptrace-pg",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Commands.check(List.of("chown", "postgres:postgres", data.toString()));
        Commands.check(List.of("runuser", "-u", "postgres", "--", bin.resolve("initdb").toString(), "-D",
                data.resolve("cluster").toString(), "-A", "trust", "-U", "postgres", "--no-sync"));
        Files.writeString(data.resolve("cluster").resolve("pg_hba.conf"), "host all all 0.0.0.0/0 trust\n",
                java.nio.file.StandardOpenOption.APPEND);
        Background b = Background.start("postgres", net.onServer(List.of("runuser", "-u", "postgres", "--",
                bin.resolve("postgres").toString(), "-D", data.resolve("cluster").toString(),
                "-c", "listen_addresses=" + net.serverIp, "-c", "port=" + PORT,
                "-c", "unix_socket_directories=" + data, "-c", "fsync=off",
                "-c", "idle_session_timeout=" + idleSessionTimeout.toMillis())), logDir.resolve("postgres.out"));
        Postgres pg = new Postgres(b, data);
        try {
            b.await(l -> l.contains("database system is ready to accept connections"), Duration.ofSeconds(60),
                    "PostgreSQL ready");
        } catch (AssertionError e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    /** The newest installed PostgreSQL's programs; fails loudly when there is none. */
    private static Path binDirectory() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new AssertionError("PostgreSQL is missing: run `bash src/setup.sh --tests` (Debian package "
                    + "postgresql)");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                    .orElseThrow(() -> new AssertionError("no PostgreSQL server under " + root
                            + ": run `bash src/setup.sh --tests`"));
        }
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory
        }
    }
}
