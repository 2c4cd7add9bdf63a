package tcptrace.source;

import java.util.List;
import tcptrace.correlate.AppEvent;
import tcptrace.correlate.TracedJvm;

/**
 * Application events of one or more JVMs, read in time order a little at a time: a post-mortem takes from it what
 * comes before the packets at hand and no more, so that memory follows the connections open at that moment, not
 * the size of the journals.
 */
public interface EvidenceStream extends AutoCloseable {
    /** The time of the next event, or {@link Long#MAX_VALUE} when there is none left. */
    long nextNanos();

    /** Takes the next event; only when {@link #nextNanos()} said there is one. */
    AppEvent next();

    /** The JVMs the evidence is of, known before the first event. */
    List<TracedJvm> jvms();

    /** One line per damaged place met so far, naming the file and where reading resumed. */
    List<String> damages();

    /** Other things a person should know about the evidence. */
    List<String> notes();

    @Override
    void close();
}
