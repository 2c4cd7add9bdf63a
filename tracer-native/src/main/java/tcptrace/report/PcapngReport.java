package tcptrace.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import tcptrace.capture.CaptureSet;
import java.util.HashMap;
import java.util.Map;
import tcptrace.Durations;
import tcptrace.InputException;
import tcptrace.agent.event.Endpoint;
import tcptrace.capture.SegmentView;
import tcptrace.correlate.Packet;
import tcptrace.correlate.PacketKind;
import tcptrace.correlate.Verdict;

/**
 * The input capture again, every frame as captured, as pcapng with each FIN and RST that has a verdict carrying it
 * as a packet comment: Wireshark shows "who closed it" beside the packet. Written when the summary arrives, by reading
 * the capture a second time.
 */
public final class PcapngReport implements Report {
    /** A FIN or RST as the correlator keys it: a retransmission (same sender and sequence number) is the same. */
    private record EndPacket(Endpoint src, Endpoint dst, long seq, PacketKind kind) {
    }

    private final CaptureSet capture;
    private final Path file;
    private final Map<EndPacket, String> comments = new HashMap<>();

    /**
     * @param capture the capture files the verdicts were made from
     * @param file    where to write
     */
    public PcapngReport(CaptureSet capture, Path file) {
        this.capture = capture;
        this.file = file;
    }

    @Override
    public synchronized void verdict(Verdict v) {
        if (v.packet() == null) {
            return;
        }
        for (int i = v.packets().size() - 1; i >= 0; i--) {
            Packet p = v.packets().get(i);
            if (p.src().equals(v.src()) && v.packet() == p.endKind()) {
                comments.put(new EndPacket(p.src(), p.dst(), p.seq(), p.endKind()), comment(v));
                return;
            }
        }
    }

    static String comment(Verdict v) {
        String detail = v.exit() != null ? " (" + v.exit().wire() + ")"
                : v.reason() != null ? " (" + v.reason().wire() + ")" : "";
        String who = v.pid() == null ? "" : " pid " + v.pid() + (v.thread() == null ? "" : " thread " + v.thread());
        String frame = v.topApplicationFrame();
        String idle = v.idle() == null ? "" : "; idle " + Durations.seconds(v.idle()) + " s before it";
        return "tcptrace: " + v.verdict() + detail + who + ": " + v.explanation() + (frame == null ? "" : " at " + frame)
                + idle;
    }

    @Override
    public synchronized void summary(Summary s) {
        SegmentView view = new SegmentView();
        try (PcapngWriter out = new PcapngWriter(file)) {
            capture.run(segment -> { }, (buffer, offset, captured, wire, linkType, timeNanos) -> {
                String comment = null;
                if (view.wrap(buffer, offset, captured, wire, linkType, timeNanos) && (view.isFin() || view.isRst())) {
                    Packet p = Packet.copyOf(view);
                    comment = comments.get(new EndPacket(p.src(), p.dst(), p.seq(), p.endKind()));
                }
                try {
                    out.packet(buffer, offset, captured, wire, linkType, timeNanos, comment);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write (" + e.getMessage() + ")", e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(file + ": cannot write (" + e.getCause().getMessage() + ")", e.getCause());
        } catch (InputException e) {
            // the capture was read once already; a damaged tail stops the copy where it stopped the verdicts
        }
    }

    @Override
    public void close() {
    }
}
