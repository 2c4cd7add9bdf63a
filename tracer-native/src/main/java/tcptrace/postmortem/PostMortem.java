package tcptrace.postmortem;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tcptrace.InputException;
import tcptrace.capture.CaptureSet;
import tcptrace.capture.CaptureStats;
import tcptrace.capture.FrameListener;
import tcptrace.capture.TcpSegment;
import tcptrace.correlate.AppEvent;
import tcptrace.correlate.Correlator;
import tcptrace.correlate.HostAddresses;
import tcptrace.correlate.Packet;
import tcptrace.correlate.Verdict;
import tcptrace.report.Report;
import tcptrace.report.SegmentLog;
import tcptrace.report.Summary;
import tcptrace.report.VerdictOrder;
import tcptrace.source.EvidenceStream;

/**
 * A post-mortem: the packets of a capture and the records of the journals merged in time order, a little of the
 * evidence read ahead of the packets, verdicts passed to a report as soon as no earlier one can follow. What it
 * holds is the connections open around the packet at hand, whatever the size of the files.
 */
public final class PostMortem {
    /**
     * How far the evidence is read ahead of the packets. A record is stamped when its call began and written when it
     * returned, so a JVM's journal is in time order but for the length of a call; the packets' own hold covers what
     * comes after them.
     */
    static final long EVIDENCE_LEAD_NANOS = 100_000_000L;
    /**
     * How much older than the newest packet so far a later packet may be: a capture is in time order but for small
     * steps back (packets taken on several CPUs, files merged). A verdict waits up to this much after its hold
     * before it passes on.
     */
    static final long REORDER_TOLERANCE_NANOS = 500_000_000L;
    /** Packets between two looks at the clock for the progress line. */
    private static final int PROGRESS_EVERY = 1 << 16;

    /** Opens the report once the run knows it can go ahead. */
    @FunctionalInterface
    public interface ReportOpener {
        /** @param segments every segment of the capture when the report needs them, else null */
        Report open(SegmentLog segments) throws InputException;
    }

    /**
     * What a run came to.
     *
     * @param summary        what the report was told last
     * @param damagedCapture what stopped the reading of the capture after some packets, or null
     */
    public record Outcome(Summary summary, InputException damagedCapture) {
        /** The exit status the contract gives it: 1 when evidence was damaged (the capture's damage is thrown). */
        public int exitCode() {
            return summary.damages().isEmpty() ? 0 : 1;
        }
    }

    private final CaptureSet capture;
    private final EvidenceStream evidence;
    private final ReportNeeds needs;
    private final Progress progress;
    private Correlator correlator;
    private VerdictOrder order;
    private SegmentLog segments;
    private long newestNanos = Long.MIN_VALUE;
    private long sinceProgress;

    /** @param progress where to show how far the run has come, or null for nowhere */
    public PostMortem(CaptureSet capture, EvidenceStream evidence, ReportNeeds needs, Progress progress) {
        this.capture = capture;
        this.evidence = evidence;
        this.needs = needs;
        this.progress = progress;
    }

    /** Runs once; the damage of a capture is in the outcome, after the verdicts of the packets before it. */
    public Outcome run(ReportOpener opener) throws InputException {
        List<Verdict> held = new ArrayList<>();
        try (evidence; Report printed = needs.wholeSet() ? null : opener.open(null)) {
            order = new VerdictOrder(printed != null ? printed::verdict : held::add);
            // unshown evidence would only fill the heap while the verdicts wait for their turn
            HostAddresses captureHost = HostAddresses.ofCapture(capture.interfaceAddresses());
            correlator = needs.evidence() ? Correlator.postMortem(order::add, true, captureHost)
                    : Correlator.postMortem(v -> order.add(v.withoutEvidence()), false, captureHost);
            segments = needs.packets() ? new SegmentLog() : null;
            CaptureStats stats = CaptureStats.NONE;
            InputException damaged = null;
            try {
                stats = capture.run(this::onSegment, FrameListener.NONE);
            } catch (InputException e) {
                if (correlator.packets() == 0) {
                    throw e;
                }
                damaged = e; // report what came before the damage, then fail on it
            }
            // evidence after the last packet: its timeouts are ends too, decided as time moves on through it
            while (evidence.nextNanos() != Long.MAX_VALUE) {
                feed(evidence.next());
                order.releaseUpTo(correlator.undecidedSince());
            }
            // the ends still held are decided in time order: their verdicts are passed on as they come, not all held
            while (correlator.decideNext()) {
                order.releaseUpTo(correlator.undecidedSince());
            }
            order.releaseAll();
            if (progress != null) {
                progress.done();
            }
            Summary summary = new Summary(order.counts(), correlator.packets(), correlator.connections(), stats,
                    evidence.damages(), evidence.notes());
            if (printed != null) {
                printed.summary(summary);
            } else {
                try (Report report = opener.open(segments)) {
                    held.forEach(report::verdict);
                    report.summary(summary);
                }
            }
            return new Outcome(summary, damaged);
        } catch (UncheckedIOException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    private void onSegment(TcpSegment segment) {
        // the evidence of up to a little after this packet goes first: a close is stamped before its FIN
        long until = segment.timeNanos() + EVIDENCE_LEAD_NANOS;
        while (evidence.nextNanos() <= until) {
            feed(evidence.next());
        }
        correlator.onSegment(segment);
        if (segments != null) {
            segments.add(Packet.copyOf(segment));
        }
        // no verdict still to come is earlier than the ends the correlator holds, nor than a later packet, which may
        // be a little older than the newest: those decided are passed on as soon as they are
        newestNanos = Math.max(newestNanos, segment.timeNanos());
        order.releaseUpTo(Math.min(correlator.undecidedSince(), newestNanos - REORDER_TOLERANCE_NANOS));
        if (progress != null && ++sinceProgress == PROGRESS_EVERY) {
            sinceProgress = 0;
            if (progress.due()) {
                progress.show(correlator.packets(), capture.bytesRead(), capture.bytes(), order.counts());
            }
        }
    }

    /**
     * Hands an event to the correlator, after moving its time to a lead before it (never back): the evidence ahead of
     * the packets, or past the last of them, lets connections that ended long before go.
     */
    private void feed(AppEvent e) {
        long now = e.event().epochNanos() - EVIDENCE_LEAD_NANOS;
        if (now > newestNanos) {
            correlator.advance(now);
        }
        correlator.onAppEvent(e);
    }
}
