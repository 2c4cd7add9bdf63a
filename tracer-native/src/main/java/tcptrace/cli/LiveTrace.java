package tcptrace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tcptrace.InputException;
import tcptrace.capture.CaptureStats;
import tcptrace.capture.PacketSource;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;
import tcptrace.capture.LiveCaptureSource;
import tcptrace.correlate.AppConnection;
import tcptrace.correlate.AppEvent;
import tcptrace.correlate.Correlator;
import tcptrace.correlate.HalfOpenRisk;
import tcptrace.correlate.HostAddresses;
import tcptrace.correlate.Packet;
import tcptrace.correlate.TracedJvm;
import tcptrace.correlate.Verdict;
import tcptrace.export.SessionCounters;
import tcptrace.export.SessionCounts;
import tcptrace.journal.JournalException;
import tcptrace.os.LiveSockets;
import tcptrace.os.NetNamespaces;
import tcptrace.os.ProcSocketOwners;
import tcptrace.os.ProcessWatch;
import tcptrace.os.WallClock;
import tcptrace.report.Report;
import tcptrace.report.Summary;
import tcptrace.source.JournalTail;

/**
 * A live capture wired up: packets from the source, events from the journal directory, exits from the process
 * watch, all into one correlator whose verdicts go to the reports as they are decided. A tick every
 * {@link #TICK_MILLIS} reads the journals and lets the correlator's clock advance, so a verdict is printed within
 * the hold plus one tick of its packet.
 */
final class LiveTrace {
    private static final Logger LOG = LoggerFactory.getLogger(LiveTrace.class);
    static final long TICK_MILLIS = 50;
    /** The kernel is asked for the sockets' idle times once a second: the screen needs no more. */
    private static final long RISK_REFRESH_TICKS = 1000 / TICK_MILLIS;

    private final PacketSource source;
    private final Consumer<Packet> packets;
    private final List<Report> reports;
    private final Correlator correlator;
    private final JournalTail tail;
    private final ProcessWatch watch = new ProcessWatch();
    private final ProcSocketOwners owners = ProcSocketOwners.start();
    private final List<Verdict> verdicts = new ArrayList<>();
    private final Set<String> notes = new LinkedHashSet<>();
    private final Duration halfOpenIdle;
    /** The connections at risk, as the rule finds them, refreshed every {@link #RISK_REFRESH_TICKS} ticks. */
    private volatile long atRisk;
    private long ticks;
    /** With {@code --pid}: which verdicts are the pid's; null for every connection. */
    private final PidSelection selection;
    /** The pid's sockets are looked at this often, for connections its journal does not know. */
    private static final long SELECTION_REFRESH_TICKS = 5;

    LiveTrace(PacketSource source, Path journalDir, long onlyPid, HostAddresses localHost, List<Report> reports,
              PrintWriter err) {
        this(source, journalDir, onlyPid, localHost, reports, p -> { }, err, HalfOpenRisk.DEFAULT_IDLE);
    }

    /**
     * As above; {@code packets} also sees a copy of each segment, {@code err} gets one line per journal refused when
     * it is found (the summary counts it with the damages), {@code halfOpenIdle} is how long without data makes an
     * open connection with keepalive off a half-open risk.
     */
    LiveTrace(PacketSource source, Path journalDir, long onlyPid, HostAddresses localHost, List<Report> reports,
              Consumer<Packet> packets, PrintWriter err, Duration halfOpenIdle) {
        this.source = source;
        this.halfOpenIdle = halfOpenIdle;
        this.packets = packets;
        this.reports = reports;
        this.correlator = Correlator.live(this::emit, Correlator.DEFAULT_HOLD_NANOS, localHost, owners);
        this.selection = onlyPid < 0 ? null : new PidSelection(onlyPid, correlator::appConnections);
        this.tail = new JournalTail(journalDir, onlyPid, System.currentTimeMillis(), new JournalTail.Listener() {
            @Override
            public void newJvm(TracedJvm jvm, boolean alive) {
                correlator.tracing(jvm);
                if (!alive) {
                    // it came and went between two polls (its pid may be another process's by now): when it
                    // ended is unknown, so the rules judge by its last record instead
                    tail().drain(jvm.pid());
                    jvm.gone(0);
                    return;
                }
                watch.watch(jvm.pid(), (aliveAt, goneAt) -> {
                    tail().drain(jvm.pid()); // its last records, the EXIT among them, before it is called gone
                    jvm.gone(aliveAt, goneAt);
                });
            }

            @Override
            public void event(AppEvent e) {
                correlator.onAppEvent(e);
            }

            @Override
            public void refused(String why) {
                err.println("tcptrace: " + why);
                err.flush();
            }
        });
    }

    private JournalTail tail() {
        return tail;
    }

    /** Reads the journals once before capturing, so that a missing journal can be reported before anything runs. */
    List<TracedJvm> start() throws JournalException {
        tail.poll();
        return tail.jvms();
    }

    /** Captures until the source is closed (by {@link #stop}), then decides everything and prints the summary. */
    Summary run() throws InputException {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tcptrace-tick");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        CaptureStats stats;
        try {
            stats = source.run(segment -> {
                correlator.onSegment(segment);
                packets.accept(Packet.copyOf(segment));
            });
        } finally {
            ticker.shutdownNow();
            awaitQuietly(ticker);
            watch.close();
            owners.close();
        }
        tick();
        correlator.finish();
        halfOpenRisks(WallClock.nowNanos()).forEach(this::emit);
        List<String> damages = tail.damages();
        Summary summary;
        synchronized (verdicts) {
            if (owners.dropped() > 0) {
                notes.add(owners.dropped() + " connections came faster than the owners of their sockets could be "
                        + "looked up: ends of this host among them may not name their owner");
            }
            summary = new Summary(Summary.count(verdicts), correlator.packets(), correlator.connections(), stats,
                    damages, List.copyOf(notes));
        }
        reports.forEach(r -> r.summary(summary));
        reports.forEach(Report::close);
        return summary;
    }

    void stop() {
        source.close();
    }

    /** The counts of the terminal view; cheap enough for a few calls a second. */
    LiveStatus status() {
        long open = 0;
        for (AppConnection a : correlator.appConnections()) {
            if (a.jvm().state() == TracedJvm.State.RUNNING && !ended(a)) {
                open++;
            }
        }
        long drops = source instanceof LiveCaptureSource live ? live.dropsSoFar() : 0;
        return new LiveStatus(correlator.packets(), correlator.connections(), open, atRisk, drops);
    }

    /** The counts the exporters publish. */
    SessionCounters counters() {
        return () -> {
            LiveStatus s = status();
            return new SessionCounts(s.packets(), s.connections(), s.drops(), tail.damages().size(),
                    tail.droppedRecords(), s.open(), s.atRisk());
        };
    }

    private static boolean ended(AppConnection a) {
        for (SocketEvent e : a.events()) {
            if (e.kind() == EventKind.CLOSE || e.kind() == EventKind.EOF || e.kind() == EventKind.ERROR) {
                return true;
            }
        }
        return false;
    }

    private void tick() {
        // the time is taken before the read: whatever was journaled up to then is in the correlator when it decides
        long now = WallClock.nowNanos();
        watch.sweep(); // likewise every exit that happened by then
        try {
            tail.poll();
        } catch (JournalException e) {
            synchronized (verdicts) {
                notes.add(e.getMessage());
            }
        }
        if (selection != null && ticks % SELECTION_REFRESH_TICKS == 0) {
            selection.refresh();
        }
        correlator.advance(now, source instanceof LiveCaptureSource live ? live.capturedUpTo() : now);
        if (ticks++ % RISK_REFRESH_TICKS == 0) {
            atRisk = halfOpenRisks(WallClock.nowNanos()).size();
        }
    }

    private void emit(Verdict v) {
        if (selection != null && !selection.covers(v)) {
            return;
        }
        synchronized (verdicts) {
            verdicts.add(v);
            for (Report r : reports) {
                r.verdict(v);
            }
        }
    }

    /** The connections of traced JVMs still running that are idle with keepalive off, as verdicts. */
    private List<Verdict> halfOpenRisks(long nowNanos) {
        List<Verdict> risks = new ArrayList<>();
        for (TracedJvm jvm : tail.jvms()) {
            if (jvm.state() != TracedJvm.State.RUNNING) {
                continue;
            }
            try {
                var sysctls = NetNamespaces.sysctlsOf(jvm.pid());
                risks.addAll(HalfOpenRisk.find(jvm, correlator.appConnections(), LiveSockets.of(jvm.pid()), sysctls,
                        nowNanos, halfOpenIdle));
            } catch (IOException e) {
                LOG.debug("sockets of pid {} unreadable", jvm.pid(), e);
            }
        }
        return risks;
    }

    private static void awaitQuietly(ScheduledExecutorService s) {
        try {
            s.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
