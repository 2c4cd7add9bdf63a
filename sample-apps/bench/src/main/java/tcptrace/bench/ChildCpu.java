package tcptrace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time another process has used so far, user and system apart (utime and stime in /proc/PID/stat): on CPUs a
 * capture shares with the JVM it traces, who took how much says which one the other waited for.
 */
record ChildCpu(double userSeconds, double systemSeconds) {
    /** Linux's USER_HZ, which /proc/PID/stat counts in, on every architecture the suite runs on. */
    private static final double TICKS_PER_SECOND = 100;

    static ChildCpu of(long pid) {
        Path stat = Path.of("/proc", String.valueOf(pid), "stat");
        try {
            String text = Files.readString(stat);
            // the command name in parentheses may hold spaces: count the fields after its closing parenthesis
            String[] fields = text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
            return new ChildCpu(Long.parseLong(fields[11]) / TICKS_PER_SECOND,
                    Long.parseLong(fields[12]) / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            throw new BenchException("cannot read the CPU time of pid " + pid + ": " + e.getMessage());
        }
    }

    String text() {
        return AgentBenchmarks.fmt("%.1f s user + %.1f s system", userSeconds, systemSeconds);
    }
}
