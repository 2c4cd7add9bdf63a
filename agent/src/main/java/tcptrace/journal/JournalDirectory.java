package tcptrace.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Where journals live, and the rules that keep them private: they hold stack traces and addresses. */
public final class JournalDirectory {
    private JournalDirectory() {
    }

    /** {@code $TMPDIR/tcptrace-<uid>}, {@code /tmp} when TMPDIR is unset. */
    public static Path defaultDirectory() {
        String tmp = System.getenv("TMPDIR");
        Path base = Path.of(tmp == null || tmp.isEmpty() ? "/tmp" : tmp);
        return base.resolve("tcptrace-" + currentUid());
    }

    /** The effective uid of this process: the owner of /proc/self. */
    public static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    /**
     * Creates {@code dir} (0700) if missing; refuses an existing one that is a symbolic link, not a directory, owned
     * by someone else, or open to group or others.
     */
    public static void ensurePrivate(Path dir) throws JournalException {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.toAbsolutePath().getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another JVM made it first: the checks below judge it
                }
            }
            if (Files.isSymbolicLink(dir)) {
                throw new JournalException("journal directory " + dir + " is a symbolic link; refusing it");
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new JournalException("journal directory " + dir + " is not a directory");
            }
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int me = currentUid();
            if (owner != me) {
                throw new JournalException("journal directory " + dir + " is owned by uid " + owner
                        + ", not by this process's uid " + me + "; refusing it");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            for (PosixFilePermission p : perms) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    throw new JournalException("journal directory " + dir + " has permissions "
                            + PosixFilePermissions.toString(perms) + ", not rwx------; refusing it");
                }
            }
            if (!Files.isWritable(dir)) {
                throw new JournalException("journal directory " + dir + " is not writable");
            }
        } catch (JournalException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new JournalException("journal directory " + dir + " cannot be created: " + e.getFile()
                    + " does not exist");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new JournalException("journal directory " + dir + " cannot be used: " + e, e);
        }
    }
}
