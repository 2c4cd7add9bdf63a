package tcptrace.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tcptrace.InputException;
import tcptrace.capture.CaptureInterfaceAddresses;
import tcptrace.capture.CaptureStats;
import tcptrace.capture.PcapFileSource;
import tcptrace.correlate.Correlator;
import tcptrace.correlate.HostAddresses;
import tcptrace.correlate.Packet;
import tcptrace.correlate.Verdict;
import tcptrace.journal.JournalException;
import tcptrace.report.Report;
import tcptrace.report.SegmentLog;
import tcptrace.report.Summary;
import tcptrace.report.VerdictOrder;
import tcptrace.source.AppEvidence;
import tcptrace.source.JfrEvidence;
import tcptrace.source.JournalEvidence;

/** Post-mortem: a capture file plus the journals or JFR recordings of the JVMs in it. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Explain every FIN and RST of a capture file, from the journals or JFR recordings of the "
                + "traced JVMs.")
final class ReportCommand implements Callable<Integer> {
    /**
     * How much older than the newest packet so far a later packet may be: a capture is in time order but for small
     * steps back (packets taken on several CPUs, files merged). A verdict waits up to this much after its hold
     * before it prints.
     */
    private static final long REORDER_TOLERANCE_NANOS = 500_000_000L;

    @Spec
    CommandSpec spec;

    @Option(names = "--pcap", required = true, paramLabel = "F.pcap[ng]",
            description = "Capture file (pcap or pcapng, e.g. from tcpdump; headers only is enough).")
    Path pcap;

    @Option(names = "--journal", arity = "1..*", paramLabel = "F",
            description = "Journal of a traced JVM (repeatable; several files may follow one --journal).")
    List<Path> journals = new ArrayList<>();

    @Option(names = "--jfr", arity = "1..*", paramLabel = "F.jfr",
            description = "JFR recording made by the agent (repeatable).")
    List<Path> jfrs = new ArrayList<>();

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|html|jfr|pcapng",
            description = "text (a table), json (one verdict record per line), html (timelines and a table, one "
                    + "file), jfr (tcptrace.Verdict events, plus the --jfr recordings), pcapng (the capture with a "
                    + "comment on each FIN and RST). Default: ${DEFAULT-VALUE}.")
    ReportFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write here instead of standard output (required for html, jfr and pcapng).")
    Path output;

    /** What the capture file says of its own host's addresses: those ends are no peers. */
    private final CaptureInterfaceAddresses interfaceAddresses = new CaptureInterfaceAddresses();

    @Override
    public Integer call() throws InputException, JournalException {
        AppEvidence evidence = evidence();
        List<Verdict> held = new ArrayList<>();
        InputException damagedCapture;
        // text and json print each verdict once no later one can precede it; the files are written at the end
        try (Report printed = format.printsEachVerdict() ? format.open(target(null)) : null) {
            VerdictOrder order = new VerdictOrder(printed != null ? printed::verdict : held::add);
            // unshown evidence would only fill the heap while the verdicts wait for their turn
            HostAddresses captureHost = HostAddresses.ofCapture(interfaceAddresses);
            Correlator correlator = format.showsEvidence() ? Correlator.postMortem(order::add, true, captureHost)
                    : Correlator.postMortem(v -> order.add(v.withoutEvidence()), false, captureHost);
            evidence.events().forEach(correlator::onAppEvent);
            // only the timeline draws every segment of a connection; the other formats need no copy of them
            SegmentLog segments = format == ReportFormat.html ? new SegmentLog() : null;
            CaptureStats[] stats = {CaptureStats.NONE};
            damagedCapture = correlate(correlator, order, segments, stats);
            // the ends still held are decided in time order: their verdicts are passed on as they come, not all held
            while (correlator.decideNext()) {
                order.releaseUpTo(correlator.undecidedSince());
            }
            order.releaseAll();
            Summary summary = new Summary(order.counts(), correlator.packets(), correlator.connections(), stats[0],
                    evidence.damages(), evidence.notes());
            if (printed != null) {
                printed.summary(summary);
            } else {
                try (Report report = format.open(target(segments))) {
                    held.forEach(report::verdict);
                    report.summary(summary);
                }
            }
        } catch (UncheckedIOException e) {
            throw new InputException(e.getMessage(), e);
        }
        if (damagedCapture != null) {
            throw damagedCapture;
        }
        return evidence.damages().isEmpty() ? 0 : 1;
    }

    /**
     * Feeds the capture's packets to the correlator, passing on the verdicts no later packet can precede; returns
     * the damage that stopped the reading after some packets, or null.
     */
    private InputException correlate(Correlator correlator, VerdictOrder order, SegmentLog segments,
                                     CaptureStats[] stats) throws InputException {
        long[] newest = {Long.MIN_VALUE};
        try (PcapFileSource source = PcapFileSource.open(pcap, interfaceAddresses)) {
            stats[0] = source.run(segment -> {
                correlator.onSegment(segment);
                if (segments != null) {
                    segments.add(Packet.copyOf(segment));
                }
                // no verdict still to come is earlier than the ends the correlator holds, nor than a later packet,
                // which may be a little older than the newest: those decided are passed on as soon as they are
                newest[0] = Math.max(newest[0], segment.timeNanos());
                order.releaseUpTo(Math.min(correlator.undecidedSince(), newest[0] - REORDER_TOLERANCE_NANOS));
            });
        } catch (InputException e) {
            if (correlator.packets() == 0) {
                throw e;
            }
            return e; // report what came before the damage, then fail on it
        }
        return null;
    }

    private ReportFormat.Target target(SegmentLog segments) {
        return new ReportFormat.Target(spec.commandLine().getOut(), output, pcap, jfrs, segments);
    }

    private AppEvidence evidence() throws InputException, JournalException {
        List<AppEvidence> parts = new ArrayList<>();
        parts.add(JournalEvidence.read(journals));
        for (Path f : jfrs) {
            parts.add(JfrEvidence.read(f));
        }
        return AppEvidence.merge(parts);
    }
}
