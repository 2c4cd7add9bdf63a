package tcptrace.agent.instrument;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import tcptrace.journal.JournalDirectory;
import tcptrace.journal.JournalException;

/**
 * The socket classes as woven by an earlier JVM of the same JDK build and the same agent build, so that later JVMs
 * skip Byte Buddy (about 400 ms of class loading and weaving) and define the woven bytes at once.
 * <p>
 * An entry is used only when the class bytes handed to the transformer equal, byte for byte, those it was woven from,
 * and when its checksum holds: a torn or altered file is a miss, never a broken class. Entries are written to a
 * temporary file and renamed into place, so JVMs starting together never see half an entry. The directory is the
 * user's private one (0700, owned by this uid), like the journals': what it holds ends up in java.base.
 * <p>
 * Files are read with {@code java.io}: the transformer runs while a socket class is being loaded, and the NIO file
 * channels would load the socket classes' own dependencies from inside that load.
 */
final class WovenClassCache {
    /** A directory for the cache, or {@code off}; default: {@code woven/} in the default journal directory. */
    static final String DIRECTORY_PROPERTY = "tcptrace.weaveCache";
    private static final int MAGIC = 0x7463_7763; // "tcwc"
    private static final String SUFFIX = ".woven";
    /** Entries of JDKs or agent builds no longer in use go when a new entry is written. */
    private static final long STALE_MILLIS = 30L * 24 * 3600 * 1000;

    private final File dir;
    private final byte[] identity;
    private final String identityHash;

    private WovenClassCache(File dir, String identity) {
        this.dir = dir;
        this.identity = identity.getBytes(StandardCharsets.UTF_8);
        this.identityHash = Integer.toHexString(identity.hashCode());
    }

    /**
     * The cache for this JDK and this agent, or null (no cache: every JVM weaves) when it is switched off or its
     * directory cannot be made private, or the agent's build is unknown. Says nothing: the cache only saves time.
     *
     * @param configured the {@value #DIRECTORY_PROPERTY} property: a directory, {@code off}, or null for the default
     * @param agentBuild identifies the agent's code (its jar's path, size and modification time)
     */
    static WovenClassCache open(String configured, String agentBuild) {
        if ("off".equals(configured) || agentBuild == null) {
            return null;
        }
        try {
            Path dir;
            if (configured == null || configured.isEmpty()) {
                Path journals = JournalDirectory.defaultDirectory();
                JournalDirectory.ensurePrivate(journals);
                dir = journals.resolve("woven");
            } else {
                dir = Path.of(configured);
            }
            JournalDirectory.ensurePrivate(dir);
            return new WovenClassCache(dir.toFile(), identity(agentBuild));
        } catch (JournalException | RuntimeException e) {
            return null;
        }
    }

    /** What the woven bytes depend on besides the class itself: the JDK (its class hierarchy) and the agent. */
    private static String identity(String agentBuild) {
        return System.getProperty("java.home") + '\n' + System.getProperty("java.vm.vendor") + '\n'
                + System.getProperty("java.vm.version") + '\n' + agentBuild;
    }

    /** The woven form of {@code original}, or null when there is none that matches it exactly. */
    byte[] find(String internalName, byte[] original) {
        File entry = entryFile(internalName, original);
        if (!entry.isFile()) {
            return null;
        }
        byte[] bytes;
        try (FileInputStream in = new FileInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
        return decode(bytes, identity, original);
    }

    /** Keeps {@code woven} for the next JVM; a failure to write only costs that JVM the weaving. */
    void store(String internalName, byte[] original, byte[] woven) {
        File entry = entryFile(internalName, original);
        File tmp = new File(dir, entry.getName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            try (FileOutputStream out = new FileOutputStream(tmp)) {
                // 0600 like the journals: the directory is private already, and a file moved out of it stays so
                tmp.setReadable(false, false);
                tmp.setWritable(false, false);
                tmp.setReadable(true, true);
                tmp.setWritable(true, true);
                out.write(encode(identity, original, woven));
            }
            if (!tmp.renameTo(entry)) {
                tmp.delete();
            }
            removeStale();
        } catch (IOException | RuntimeException e) {
            tmp.delete();
        }
    }

    private void removeStale() {
        File[] files = dir.listFiles();
        long cutoff = System.currentTimeMillis() - STALE_MILLIS;
        for (File f : files == null ? new File[0] : files) {
            if (f.lastModified() < cutoff && (f.getName().endsWith(SUFFIX) || f.getName().endsWith(".tmp"))) {
                f.delete();
            }
        }
    }

    /**
     * One file per class, JDK, agent and original bytes: JDK 17's JFR rewrites SocketChannelImpl when a recording
     * starts, so the same class comes in two forms, and JVMs with and without a recording would otherwise overwrite
     * each other's entry.
     */
    private File entryFile(String internalName, byte[] original) {
        return new File(dir, internalName.replace('/', '.') + '-' + identityHash + '-'
                + Long.toHexString(crc(original, original.length)) + SUFFIX);
    }

    /** Magic, then identity, original and woven bytes each after its length, then a CRC32C of all that. */
    static byte[] encode(byte[] identity, byte[] original, byte[] woven) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + identity.length + 4 + original.length + 4 + woven.length + 4);
        b.putInt(MAGIC);
        b.putInt(identity.length).put(identity);
        b.putInt(original.length).put(original);
        b.putInt(woven.length).put(woven);
        b.putInt((int) crc(b.array(), b.position()));
        return b.array();
    }

    /** The woven bytes of {@code entry} if it is whole and was woven from {@code original} for {@code identity}. */
    static byte[] decode(byte[] entry, byte[] identity, byte[] original) {
        int end = entry.length - 4;
        if (end < 16) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(entry, 0, end);
        if (b.getInt() != MAGIC || ByteBuffer.wrap(entry).getInt(end) != (int) crc(entry, end)
                || !skipIfEqual(b, identity) || !skipIfEqual(b, original)
                || b.remaining() < 4 || b.getInt() != b.remaining()) {
            return null;
        }
        return Arrays.copyOfRange(entry, b.position(), end);
    }

    /** Moves past the next length-prefixed field if it holds exactly {@code expected}. */
    private static boolean skipIfEqual(ByteBuffer b, byte[] expected) {
        if (b.remaining() < 4 || b.getInt() != expected.length || b.remaining() < expected.length) {
            return false;
        }
        int at = b.position();
        if (!Arrays.equals(b.array(), at, at + expected.length, expected, 0, expected.length)) {
            return false;
        }
        b.position(at + expected.length);
        return true;
    }

    private static long crc(byte[] bytes, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, 0, length);
        return c.getValue();
    }
}
