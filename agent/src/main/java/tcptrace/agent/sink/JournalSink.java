package tcptrace.agent.sink;

import tcptrace.agent.event.SocketEvent;
import tcptrace.journal.JournalWriter;

/** Writes each event to the crash-safe journal; the EXIT record at an orderly shutdown. */
public final class JournalSink implements EventSink {
    private final JournalWriter writer;

    public JournalSink(JournalWriter writer) {
        this.writer = writer;
    }

    @Override
    public void accept(SocketEvent event) {
        writer.writeEvent(event);
    }

    @Override
    public void shutdown(long epochNanos) {
        writer.writeExit(epochNanos);
    }
}
