package tcptrace.report;

import tcptrace.correlate.Verdict;

/** One output format. Verdicts arrive as they are decided; the summary comes last. */
public interface Report extends AutoCloseable {
    void verdict(Verdict v);

    void summary(Summary s);

    /** Flushes; the underlying stream stays open (it may be System.out). */
    @Override
    void close();
}
