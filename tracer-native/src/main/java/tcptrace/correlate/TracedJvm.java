package tcptrace.correlate;

/**
 * A JVM whose socket events are evidence, and what became of it. Written by the sources and the process watch,
 * read by the rules; fields are volatile because a live capture updates them from other threads.
 */
public final class TracedJvm {
    public enum State {
        /** Still runs (or did when its evidence was read). */
        RUNNING,
        /**
         * Shut down in order: the journal holds its EXIT record (or the JFR recording its jdk.Shutdown), or its
         * header says the record found no room.
         */
        EXITED,
        /** Gone without an EXIT record: SIGKILL, a crash. */
        KILLED,
        /** The evidence does not say (a JFR file without a shutdown event). */
        UNKNOWN
    }

    private final long pid;
    private final String origin;
    private volatile State state;
    private volatile long exitRecordNanos;
    private volatile boolean exitedUnrecorded;
    private volatile long goneNanos;
    private volatile long lastSeenAliveNanos;
    private volatile long lastEventNanos;

    /**
     * @param pid    the process id, or -1 when the evidence does not say
     * @param origin where the evidence came from (a file name), for messages
     */
    public TracedJvm(long pid, String origin, State state) {
        this.pid = pid;
        this.origin = origin;
        this.state = state;
    }

    public long pid() {
        return pid;
    }

    public String origin() {
        return origin;
    }

    public State state() {
        return state;
    }

    /** Epoch ns of the orderly-shutdown record, 0 when none. */
    public long exitRecordNanos() {
        return exitRecordNanos;
    }

    /** Epoch ns at which the process watch saw the process end, 0 when not watched. */
    public long goneNanos() {
        return goneNanos;
    }

    /** Epoch ns of the newest event of this JVM seen so far. */
    public long lastEventNanos() {
        return lastEventNanos;
    }

    public void exitRecord(long epochNanos) {
        exitRecordNanos = epochNanos;
        state = State.EXITED;
    }

    /** The journal's header says the JVM shut down in order, its EXIT record (and with it the time) dropped. */
    public void exitedUnrecorded() {
        exitedUnrecorded = true;
        state = State.EXITED;
    }

    /**
     * The process ended; orderly when an EXIT record (or the header's word for it) was seen before, killed otherwise.
     *
     * @param epochNanos when the process watch saw it gone, or 0 when it was found gone and the time is unknown
     */
    public void gone(long epochNanos) {
        gone(epochNanos, epochNanos);
    }

    /**
     * As {@link #gone(long)}, with the last time the process watch still saw it alive: it died in between, however
     * late the watch (a tracer paused or starved) noticed.
     */
    public void gone(long lastSeenAliveEpochNanos, long goneEpochNanos) {
        lastSeenAliveNanos = Math.min(lastSeenAliveEpochNanos, goneEpochNanos);
        goneNanos = goneEpochNanos;
        state = exitRecordNanos != 0 || exitedUnrecorded ? State.EXITED : State.KILLED;
    }

    /** The last time the process watch saw it alive before it was gone; 0 when unknown. */
    public long lastSeenAliveNanos() {
        return lastSeenAliveNanos;
    }

    public void state(State s) {
        state = s;
    }

    /** Notes an event of this JVM at {@code epochNanos}: a reader that knows its newest one up front says so here. */
    public void sawEvent(long epochNanos) {
        if (epochNanos > lastEventNanos) {
            lastEventNanos = epochNanos;
        }
    }

    public String describe() {
        return pid >= 0 ? "pid " + pid : origin;
    }
}
