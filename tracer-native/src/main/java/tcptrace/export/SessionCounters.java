package tcptrace.export;

/** The one view the exporters have of a live session: its counts, read when they publish. */
@FunctionalInterface
public interface SessionCounters {
    /** A consistent snapshot; cheap enough for a few calls a second. */
    SessionCounts counts();
}
