package tcptrace.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The child half of {@link Alternation}: once warm, a workload says {@code READY slices} and then works only when
 * told, one {@code slice <millis>} line on stdin at a time, answering each with
 * {@code SLICE <units> <wall nanos> <cpu nanos>}. End of stdin ends it.
 */
final class SliceLoop {
    static final String READY = "READY slices";
    static final String COMMAND = "slice ";
    static final String REPLY = "SLICE ";

    /** Work for a time, then stop and say how much was done: connections, bytes. */
    interface Work {
        long runFor(long nanos) throws Exception;
    }

    private SliceLoop() {
    }

    static void serve(Work work, BufferedReader commands, PrintStream out) throws Exception {
        out.println(READY);
        out.flush();
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            if (!line.startsWith(COMMAND)) {
                throw new IOException("expected '" + COMMAND + "<millis>', got: " + line);
            }
            long nanos = Long.parseLong(line.substring(COMMAND.length()).trim()) * 1_000_000;
            long cpuStart = ProcessCpu.nanos();
            long start = System.nanoTime();
            long units = work.runFor(nanos);
            long wall = System.nanoTime() - start;
            long cpu = ProcessCpu.nanos() - cpuStart;
            out.println(String.format(Locale.ROOT, "%s%d %d %d", REPLY, units, wall, cpu));
            out.flush();
        }
    }
}
