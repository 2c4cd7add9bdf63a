package tcptrace.agent.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import tcptrace.agent.event.SocketEvent;
import tcptrace.journal.JournalWriter;

/**
 * Writes each event to the crash-safe journal; the EXIT record at an orderly shutdown.
 *
 * <p>The journal may still be opening when the first events come (the agent opens it while it installs its weaving,
 * and an event may come from another thread meanwhile). The first event waits for it, bounded by
 * {@link #DEFAULT_FIRST_EVENT_WAIT_MILLIS}, as the first socket class waits for its weaving: an event held in memory
 * would be lost to a kill -9 that follows it, and a JVM killed soon after its start (a crash loop) is the one whose
 * evidence matters. Only past that bound (a file system that hangs) are events held in memory, at most
 * {@link #MAX_HELD} of them, in their order; past that they are counted, and the count joins the journal's dropped
 * records once it is open, so that a reader knows the evidence is incomplete. Held events are written right after the
 * START record, before any later event. A journal that cannot be opened drops what was held: the agent has said so
 * on stderr.
 */
public final class JournalSink implements EventSink {
    /** Events held while the journal opens; at the application's start, seldom more than a few. */
    static final int MAX_HELD = 4096;
    /**
     * How long an orderly exit waits for a journal still opening, so that its held events and EXIT record are
     * written: as long as the opening takes (a start-up that opened it before {@code main} waited so too), bounded
     * only against a file system that hangs. A loaded machine can stretch the opening's 40 ms past a second.
     */
    private static final long OPEN_WAIT_MILLIS = 30_000;
    /** How long the first events wait for the journal's opening before they are held in memory instead. */
    static final long DEFAULT_FIRST_EVENT_WAIT_MILLIS = 5_000;

    private final long firstEventWaitMillis;

    private final Object lock = new Object();
    private final CountDownLatch settled = new CountDownLatch(1);
    /** Null while the journal opens and when it could not be opened. */
    private volatile JournalWriter writer;
    /** The journal could not be opened: events go to the other sinks only, without taking the lock. */
    private volatile boolean refused;
    /** Guarded by {@link #lock}; null once the journal is open or refused. */
    private List<SocketEvent> held;
    /** Guarded by {@link #lock}: events that found {@link #held} full. */
    private long droppedWhileOpening;

    private JournalSink(JournalWriter writer, List<SocketEvent> held, long firstEventWaitMillis) {
        this.writer = writer;
        this.firstEventWaitMillis = firstEventWaitMillis;
        this.held = held;
        if (writer != null) {
            settled.countDown();
        }
    }

    /** A sink for a journal that is open already. */
    public JournalSink(JournalWriter writer) {
        this(requireNonNull(writer), null, 0);
    }

    /** A sink whose events wait for {@link #opened} to say where the journal is, then are held. */
    public static JournalSink opening() {
        return opening(DEFAULT_FIRST_EVENT_WAIT_MILLIS);
    }

    static JournalSink opening(long firstEventWaitMillis) {
        return new JournalSink(null, new ArrayList<>(), firstEventWaitMillis);
    }

    /**
     * The journal is open (its START record written), or, {@code journal} null, could not be opened: the held
     * events are written, in their order, and their dropped ones counted. Application threads that send events
     * meanwhile wait for this, which writes at most {@link #MAX_HELD} records.
     */
    public void opened(JournalWriter journal) {
        synchronized (lock) {
            if (held == null) {
                throw new IllegalStateException("the journal was settled already");
            }
            if (journal != null) {
                for (SocketEvent e : held) {
                    journal.writeEvent(e);
                }
                if (droppedWhileOpening > 0) {
                    journal.countDropped(droppedWhileOpening);
                }
            }
            held = null;
            writer = journal;
            refused = journal == null;
        }
        settled.countDown();
    }

    @Override
    public void accept(SocketEvent event) {
        JournalWriter w = writer;
        if (w == null && !refused && firstEventWaitMillis > 0) {
            awaitSettled(firstEventWaitMillis);
            w = writer;
        }
        if (w == null) {
            if (refused) {
                return; // no journal: the JFR sink may still have it
            }
            synchronized (lock) {
                if (held != null) {
                    if (held.size() < MAX_HELD) {
                        held.add(event);
                    } else {
                        droppedWhileOpening++;
                    }
                    return;
                }
                w = writer;
            }
            if (w == null) {
                return; // no journal: the JFR sink may still have it
            }
        }
        w.writeEvent(event);
    }

    @Override
    public void shutdown(long epochNanos) {
        awaitSettled(OPEN_WAIT_MILLIS);
        JournalWriter w = writer;
        if (w != null) {
            w.writeExit(epochNanos);
        }
    }

    /** Waits until the journal is open or refused, bounded only against a file system that hangs. */
    public void awaitOpened() {
        awaitSettled(OPEN_WAIT_MILLIS);
    }

    private void awaitSettled(long millis) {
        try {
            settled.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the application's interrupt stays set; the event is held instead
        }
    }

    /** Events held now, for tests. */
    int held() {
        synchronized (lock) {
            return held == null ? 0 : held.size();
        }
    }

    private static JournalWriter requireNonNull(JournalWriter writer) {
        if (writer == null) {
            throw new NullPointerException("writer");
        }
        return writer;
    }
}
