package tcptrace.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tcptrace.InputException;
import tcptrace.capture.CaptureStats;
import tcptrace.capture.PcapFileSource;
import tcptrace.correlate.Correlator;
import tcptrace.correlate.Packet;
import tcptrace.correlate.Verdict;
import tcptrace.journal.JournalException;
import tcptrace.report.Report;
import tcptrace.report.SegmentLog;
import tcptrace.report.Summary;
import tcptrace.source.AppEvidence;
import tcptrace.source.JfrEvidence;
import tcptrace.source.JournalEvidence;

/** Post-mortem: a capture file plus the journals or JFR recordings of the JVMs in it. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Explain every FIN and RST of a capture file, from the journals or JFR recordings of the "
                + "traced JVMs.")
final class ReportCommand implements Callable<Integer> {
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

    @Override
    public Integer call() throws InputException, JournalException {
        AppEvidence evidence = evidence();
        List<Verdict> verdicts = new ArrayList<>();
        Correlator correlator = Correlator.postMortem(verdicts::add);
        evidence.events().forEach(correlator::onAppEvent);
        // only the timeline draws every segment of a connection; the other formats need no copy of them
        SegmentLog segments = format == ReportFormat.html ? new SegmentLog() : null;
        CaptureStats stats = CaptureStats.NONE;
        InputException damagedCapture = null;
        try (PcapFileSource source = PcapFileSource.open(pcap)) {
            stats = source.run(segment -> {
                Packet p = Packet.copyOf(segment);
                correlator.onPacket(p);
                if (segments != null) {
                    segments.add(p);
                }
            });
        } catch (InputException e) {
            if (correlator.packets() == 0) {
                throw e;
            }
            damagedCapture = e; // report what came before the damage, then fail on it
        }
        correlator.finish();
        verdicts.sort(Comparator.comparingLong(Verdict::timeNanos));
        try (Report report = format.open(new ReportFormat.Target(spec.commandLine().getOut(), output, pcap, jfrs,
                segments))) {
            verdicts.forEach(report::verdict);
            report.summary(new Summary(Summary.count(verdicts), correlator.packets(), correlator.connections(), stats,
                    evidence.damages(), evidence.notes()));
        } catch (UncheckedIOException e) {
            throw new InputException(e.getMessage(), e);
        }
        if (damagedCapture != null) {
            throw damagedCapture;
        }
        return evidence.damages().isEmpty() ? 0 : 1;
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
