package tcptrace.cli;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import tcptrace.correlate.Verdict;
import tcptrace.correlate.VerdictKind;
import tcptrace.report.Report;
import tcptrace.report.Summary;
import tcptrace.report.TextReport;

/**
 * The capture's output on a terminal: one screen redrawn a few times a second instead of a scrolling table. When
 * the capture ends, the last frame stays and the text summary follows it.
 */
final class TerminalDashboard implements Report {
    static final long REDRAW_MILLIS = 250;
    private static final int NEWEST = 12;

    private final PrintWriter out;
    private final String heading;
    private final Supplier<LiveStatus> status;
    private final Map<VerdictKind, Long> counts = new EnumMap<>(VerdictKind.class);
    private final ArrayDeque<Verdict> newest = new ArrayDeque<>();
    private final long startMillis = System.currentTimeMillis();
    private final int width = Terminal.columns();
    private final ScheduledExecutorService redraw = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tcptrace-screen");
        t.setDaemon(true);
        return t;
    });

    TerminalDashboard(PrintWriter out, String heading, Supplier<LiveStatus> status) {
        this.out = out;
        this.heading = heading;
        this.status = status;
        redraw.scheduleWithFixedDelay(this::draw, 0, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void verdict(Verdict v) {
        counts.merge(v.verdict(), 1L, Long::sum);
        newest.addLast(v);
        if (newest.size() > NEWEST) {
            newest.removeFirst();
        }
    }

    @Override
    public void summary(Summary s) {
        redraw.shutdown();
        try {
            // a redraw still running would clear the summary off the screen
            redraw.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
        new TextReport(out, true).summary(s);
    }

    private void draw() {
        // the status is read outside this object's lock: verdicts arrive holding the correlator's, which it takes
        LiveStatus now = status.get();
        String frame;
        synchronized (this) {
            frame = LiveView.render(heading, (System.currentTimeMillis() - startMillis) / 1000, counts, now,
                    new ArrayList<>(newest), width);
        }
        synchronized (out) {
            out.print(frame);
            out.flush();
        }
    }

    @Override
    public void close() {
        redraw.shutdownNow();
        out.flush();
    }
}
