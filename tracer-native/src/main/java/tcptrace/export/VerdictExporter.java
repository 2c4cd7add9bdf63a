package tcptrace.export;

import tcptrace.correlate.Verdict;

/** Publishes the verdicts of a live session to a fleet engine. */
interface VerdictExporter {
    /** Counts or queues {@code v}; called on the capture's thread, so it never blocks and never throws. */
    void verdict(Verdict v);

    /** Verdicts dropped so far rather than slow the capture down. */
    long dropped();

    /** Delivers what it still can until {@code deadlineNanos} ({@link System#nanoTime()}), then lets go. */
    void close(long deadlineNanos);

    /** One line for the capture's summary. */
    String summary();
}
