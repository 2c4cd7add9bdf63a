package tcptrace.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One thread of another process held by the cgroup v1 freezer while its other threads run: a process-wide SIGSTOP
 * resumes every thread at once, and which one catches up first is the scheduler's choice; this picks it. Thawed,
 * and put back in the root group, on close.
 */
final class FrozenThread implements AutoCloseable {
    private static final Path FREEZER = Path.of("/sys/fs/cgroup/freezer");

    private final Path group;
    private final long tid;

    private FrozenThread(Path group, long tid) {
        this.group = group;
        this.tid = tid;
    }

    static FrozenThread freeze(long tid) throws IOException {
        if (!Files.isWritable(FREEZER.resolve("tasks"))) {
            throw new IllegalStateException("this test needs the cgroup v1 freezer, writable, at " + FREEZER
                    + " (as root)");
        }
        Path group = Files.createDirectories(FREEZER.resolve("tcptrace-" + ProcessHandle.current().pid() + "-" + tid));
        Files.writeString(group.resolve("tasks"), Long.toString(tid)); // v1 groups hold threads, not processes
        Files.writeString(group.resolve("freezer.state"), "FROZEN");
        return new FrozenThread(group, tid);
    }

    /** The id of the thread of {@code pid} whose name (as the JVM sets it, 15 characters at most) is {@code name}. */
    static long thread(long pid, String name, boolean otherThanPrimordial) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            List<Long> found = tasks.filter(t -> name.equals(comm(t)))
                    .map(t -> Long.parseLong(t.getFileName().toString()))
                    .filter(t -> !otherThanPrimordial || t != pid).toList();
            if (found.size() != 1) {
                throw new AssertionError("threads named '" + name + "' in " + pid + ": " + found);
            }
            return found.get(0);
        }
    }

    /** How often {@code tid} has given up the processor of its own accord: each wait counts one. */
    static long voluntarySwitches(long pid, long tid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "task", Long.toString(tid),
                "status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        throw new AssertionError("no voluntary_ctxt_switches for thread " + tid);
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return ""; // the thread ended
        }
    }

    @Override
    public void close() throws IOException {
        Files.writeString(group.resolve("freezer.state"), "THAWED");
        try {
            Files.writeString(FREEZER.resolve("tasks"), Long.toString(tid));
        } catch (IOException e) {
            // the thread has ended: the group is empty anyway
        }
        Files.delete(group);
    }
}
