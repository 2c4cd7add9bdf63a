package tcptrace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A running process's resident memory, as the kernel counts it (VmRSS in /proc/PID/status). */
final class ProcessMemory {
    private ProcessMemory() {
    }

    static double rssMegabytes(long pid) {
        Path status = Path.of("/proc", String.valueOf(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim()) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new BenchException("cannot read the memory of pid " + pid + ": " + e.getMessage());
        }
        throw new BenchException(status + " has no VmRSS");
    }
}
