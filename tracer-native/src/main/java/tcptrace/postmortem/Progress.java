package tcptrace.postmortem;

import java.io.PrintStream;
import java.util.Map;
import tcptrace.correlate.VerdictKind;

/**
 * A line on a terminal that says how far a long report has come: packets, share of the input, rate, verdicts so
 * far. Redrawn in place at most a few times a second, and only once the report has run for a while.
 */
public final class Progress {
    /** A report done sooner needs no progress. */
    private static final long FIRST_AFTER_NANOS = 1_500_000_000L;
    private static final long EVERY_NANOS = 250_000_000L;

    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private long nextNanos;
    private boolean shown;

    Progress(PrintStream out, long firstAfterNanos) {
        this.out = out;
        this.nextNanos = startNanos + firstAfterNanos;
    }

    /** Progress on {@code out}, once a report has run for longer than a glance. */
    public static Progress to(PrintStream out) {
        return new Progress(out, FIRST_AFTER_NANOS);
    }

    /** Whether it is time to draw: cheap enough to ask now and then while reading. */
    boolean due() {
        return System.nanoTime() >= nextNanos;
    }

    void show(long packets, long bytesRead, long bytesTotal, Map<VerdictKind, Long> verdicts) {
        long now = System.nanoTime();
        nextNanos = now + EVERY_NANOS;
        double seconds = (now - startNanos) / 1e9;
        long decided = verdicts.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder line = new StringBuilder(String.format("\r\033[Kreport: %,d packets (%.0f%%), %.2f M packets/s, "
                        + "%,d verdicts", packets, bytesTotal == 0 ? 100.0 : 100.0 * bytesRead / bytesTotal,
                packets / seconds / 1e6, decided));
        String sep = ": ";
        for (Map.Entry<VerdictKind, Long> e : verdicts.entrySet()) {
            line.append(sep).append(e.getKey()).append(' ').append(String.format("%,d", e.getValue()));
            sep = ", ";
        }
        out.print(line);
        out.flush();
        shown = true;
    }

    /** Clears the line, if one was drawn, before the report's own output goes on. */
    void done() {
        if (shown) {
            out.print("\r\033[K");
            out.flush();
        }
    }
}
