package tcptrace.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tcptrace.InputException;
import tcptrace.capture.CaptureSet;
import tcptrace.journal.JournalFormat;
import tcptrace.postmortem.PostMortem;
import tcptrace.postmortem.Progress;
import tcptrace.source.MergedEvidence;

/** Post-mortem: capture files plus the journals or JFR recordings of the JVMs in them. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Explain every FIN and RST of a capture, from the journals or JFR recordings of the traced "
                + "JVMs.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--pcap", required = true, arity = "1..*", paramLabel = "F.pcap[ng]|DIR",
            description = "Capture file (pcap or pcapng, e.g. from tcpdump; headers only is enough), or a directory "
                    + "of them; repeatable. Several files (a rotated tcpdump -C/-G set) are read as one capture, in "
                    + "the order of their first packets.")
    List<Path> pcaps = new ArrayList<>();

    @Option(names = "--journal", arity = "1..*", paramLabel = "F",
            description = "Journal of a traced JVM (repeatable; several files may follow one --journal).")
    List<Path> journals = new ArrayList<>();

    @Option(names = "--journal-dir", paramLabel = "D",
            description = "Every journal in this directory: all JVMs, all segments (repeatable).")
    List<Path> journalDirs = new ArrayList<>();

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
    public Integer call() throws InputException {
        CaptureSet capture = CaptureSet.of(pcaps);
        List<Path> allJournals = new ArrayList<>(journals);
        for (Path d : journalDirs) {
            allJournals.addAll(journalsIn(d));
        }
        PostMortem run = new PostMortem(capture, MergedEvidence.open(allJournals, jfrs), format.needs(),
                Terminal.stderrIsTerminal() ? Progress.to(System.err) : null);
        PostMortem.Outcome outcome = run.run(segments -> format.open(
                new ReportFormat.Target(spec.commandLine().getOut(), output, capture, jfrs, segments)));
        if (outcome.damagedCapture() != null) {
            throw outcome.damagedCapture();
        }
        return outcome.exitCode();
    }

    /** The journal segments in {@code dir}; the reader finds each JVM's others beside the one it is given. */
    private static List<Path> journalsIn(Path dir) throws InputException {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir + ": not a directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> JournalFormat.pidOf(f) >= 0 && Files.isRegularFile(f))
                    .sorted().toList();
            if (found.isEmpty()) {
                throw new InputException(dir + ": no journals in it (files named <pid>.journal)");
            }
            return found;
        } catch (IOException e) {
            throw new InputException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }
}
