package tcptrace.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which process holds a socket inode: the one with a descriptor in /proc/&lt;pid&gt;/fd that links to
 * {@code socket:[inode]}. Socket inodes are unique across network namespaces, so every process is a candidate; the
 * processes that held the last sockets found are looked at first (a busy server owns most of them), and the walk
 * stops once every inode is found.
 */
final class SocketInodeOwners {
    private static final Path PROC = Path.of("/proc");
    private static final int RECENT_OWNERS = 16;

    private final Set<Long> recentOwners = new LinkedHashSet<>();

    /**
     * The pid holding each of {@code inodes} that some process holds now, as far as the walk got by
     * {@code deadlineNanos} (System.nanoTime): a loaded host's /proc may be slow to read.
     */
    Map<Long, Long> owners(Set<Long> inodes, long deadlineNanos) {
        Map<Long, Long> found = new HashMap<>();
        Set<Long> wanted = new HashSet<>(inodes);
        List<Long> order = new ArrayList<>(recentOwners);
        Set<Long> seen = new HashSet<>(order);
        for (long pid : order) {
            scan(pid, wanted, found);
            if (wanted.isEmpty()) {
                return found;
            }
        }
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, SocketInodeOwners::isPid)) {
            for (Path p : pids) {
                long pid = Long.parseLong(p.getFileName().toString());
                if (seen.add(pid)) {
                    scan(pid, wanted, found);
                    if (wanted.isEmpty() || System.nanoTime() - deadlineNanos > 0) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            // /proc unreadable: what was found so far is all there is
        }
        return found;
    }

    private void scan(long pid, Set<Long> wanted, Map<Long, Long> found) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("fd"))) {
            for (Path fd : fds) {
                long inode = socketInode(fd);
                if (inode > 0 && wanted.remove(inode)) {
                    found.put(inode, pid);
                    remember(pid);
                }
            }
        } catch (IOException | SecurityException goneOrForbidden) {
            // the process ended meanwhile, or its descriptors are not ours to read
        }
    }

    private void remember(long pid) {
        recentOwners.remove(pid);
        recentOwners.add(pid);
        if (recentOwners.size() > RECENT_OWNERS) {
            recentOwners.remove(recentOwners.iterator().next());
        }
    }

    private static long socketInode(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("socket:[") ? Long.parseLong(target, 8, target.length() - 1, 10) : -1;
        } catch (IOException | NumberFormatException | SecurityException closedMeanwhile) {
            return -1;
        }
    }

    private static boolean isPid(Path p) {
        String name = p.getFileName().toString();
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    /** The command name of a process, "?" when it is gone. */
    static String command(long pid) {
        try {
            return Files.readString(PROC.resolve(Long.toString(pid)).resolve("comm")).trim();
        } catch (IOException | SecurityException e) {
            return "?";
        }
    }
}
