package tcptrace.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.JarFile;
import tcptrace.journal.JournalDirectory;

/**
 * Puts the bridge ({@code tcptrace.agent.bootstrap}) on the bootstrap class path, where advice inlined into
 * java.base can link to it. The classes travel as {@code tcptrace-bootstrap.jar} inside the agent jar; it is
 * copied to a private file named by its content hash, and reused while identical.
 */
final class BootstrapJar {
    static final String BRIDGE_CLASS = "tcptrace.agent.bootstrap.SocketProbes";
    private static final String RESOURCE = "/tcptrace-bootstrap.jar";

    private BootstrapJar() {
    }

    /** Whether an earlier start (perhaps from another copy of the jar) installed the bridge's sink already. */
    static boolean alreadyActive() {
        try {
            Class<?> probes = Class.forName(BRIDGE_CLASS, false, null);
            return (Boolean) probes.getMethod("installed").invoke(null);
        } catch (ClassNotFoundException notYet) {
            return false;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("unexpected bridge class on the bootstrap class path: " + e, e);
        }
    }

    static void appendTo(Instrumentation inst) throws IOException {
        byte[] jar = read();
        Path file;
        try {
            file = privateCopy(jar, JournalDirectory.defaultDirectory());
        } catch (IOException | RuntimeException e) {
            file = Files.createTempFile("tcptrace-bootstrap-", ".jar",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, jar);
            file.toFile().deleteOnExit();
        }
        try (JarFile j = new JarFile(file.toFile())) {
            inst.appendToBootstrapClassLoaderSearch(j);
        }
    }

    private static byte[] read() throws IOException {
        try (InputStream in = BootstrapJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE.substring(1) + " is missing from the agent jar");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    /** {@code dir/bootstrap-<hash>.jar}, 0600 in a 0700 directory of ours; written only when missing or changed. */
    static Path privateCopy(byte[] jar, Path dir) throws IOException {
        JournalDirectory.ensurePrivate(dir);
        Path file = dir.resolve("bootstrap-" + sha256(jar).substring(0, 16) + ".jar");
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS))
                .equals("rw-------")
                && sha256(Files.readAllBytes(file)).equals(sha256(jar))) {
            return file;
        }
        Path tmp = Files.createTempFile(dir, "bootstrap-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(tmp, jar);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
