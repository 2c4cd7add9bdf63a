package tcptrace.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** A small tmpfs (a disk that fills up) mounted under a test's directory; needs root. */
final class Tmpfs {
    private Tmpfs() {
    }

    static void mount(Path dir, String size) throws IOException, InterruptedException {
        String result = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs",
                dir.toString()));
        if (result != null) {
            throw new AssertionError("this test mounts a " + size + " tmpfs and needs root: " + result);
        }
    }

    static void unmount(Path dir) throws IOException, InterruptedException {
        // lazy: the reading test still maps journal pages from it until those buffers are collected
        String result = run(List.of("umount", "--lazy", dir.toString()));
        if (result != null) {
            throw new AssertionError("cannot unmount the test's tmpfs at " + dir + ": " + result);
        }
    }

    /** Null when the command succeeded, else what it said. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 ? null : "'" + String.join(" ", command) + "' exited " + p.exitValue() + ": " + out;
    }
}
