package tcptrace.journal;

import tcptrace.agent.event.SocketEvent;

/** A decoded journal record; {@code offset} is where it starts in its segment file. */
public sealed interface JournalEntry {
    long offset();

    /** The agent started (first record of generation 0). */
    record Start(long offset, long epochNanos, boolean attached, String javaVersion, String command,
                 String agentOptions) implements JournalEntry {
    }

    record Event(long offset, SocketEvent event) implements JournalEntry {
    }

    /** The JVM shut down in order (a shutdown hook ran). Its absence after the pid is gone: killed or crashed. */
    record Exit(long offset, long epochNanos, long droppedRecords) implements JournalEntry {
    }
}
