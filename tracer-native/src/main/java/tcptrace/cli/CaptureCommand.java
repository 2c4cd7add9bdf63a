package tcptrace.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tcptrace.InputException;
import tcptrace.capture.LiveCaptureSettings;
import tcptrace.capture.LiveCaptureSource;
import tcptrace.capture.LocalAddresses;
import tcptrace.correlate.HalfOpenRisk;
import tcptrace.correlate.LocalEnd;
import tcptrace.correlate.TracedJvm;
import tcptrace.export.ExportOptions;
import tcptrace.journal.JournalDirectory;
import tcptrace.journal.JournalException;
import tcptrace.os.JvmProcesses;
import tcptrace.report.HtmlReport;
import tcptrace.report.JsonLinesReport;
import tcptrace.report.Report;
import tcptrace.report.SegmentLog;
import tcptrace.report.Summary;
import tcptrace.report.TextReport;

/** Live: capture packets, follow the journals, print each verdict as it is decided. */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = "Capture live and print a verdict for every FIN and RST as it happens; Ctrl-C or "
                + "--duration stops, then a summary (with capture drops) is printed. On a terminal the verdicts are "
                + "counted on one screen, redrawn a few times a second; piped, each is a line.")
final class CaptureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--interface"}, defaultValue = LiveCaptureSettings.ANY_DEVICE, paramLabel = "any|IFACE",
            description = "Interface to capture on. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = {"-f", "--filter"}, paramLabel = "BPF",
            description = "BPF filter. Default: all TCP (with --pid, the tracer keeps the pid's connections itself, "
                    + "those it makes later included).")
    String filter;

    @Option(names = "--pid", paramLabel = "PID", description = "Trace this JVM only (its journal must exist).")
    Long pid;

    @Option(names = "--journal-dir", paramLabel = "D",
            description = "Journal directory of the traced JVMs (default: $TMPDIR/tcptrace-<uid>).")
    Path journalDir;

    @Option(names = "-w", paramLabel = "out.pcap", description = "Also write the captured packets here.")
    Path pcapOut;

    @Option(names = "--json", paramLabel = "out.jsonl", description = "Also write the verdicts here as JSON lines.")
    Path jsonOut;

    @Option(names = "--html", paramLabel = "out.html",
            description = "Also write the verdicts here as an HTML page of timelines, when the capture ends.")
    Path htmlOut;

    @Option(names = "--duration", paramLabel = "30s", converter = DurationConverter.class,
            description = "Stop after this long (e.g. 30s, 5m). Default: until Ctrl-C.")
    Duration duration;

    @Mixin
    ExportOptions exports = new ExportOptions();

    @Option(names = "--half-open-idle", paramLabel = "60s", converter = DurationConverter.class,
            description = "How long a connection with keepalive off must carry no data either way, by its kernel's "
                    + "account, to be a HALF_OPEN_RISK. Default: 60s (longer than the pauses of a connection in use, "
                    + "as long as common load balancers' idle timeout).")
    Duration halfOpenIdle = HalfOpenRisk.DEFAULT_IDLE;

    private volatile LiveTrace running;
    private final CountDownLatch started = new CountDownLatch(1);

    @Override
    public Integer call() throws InputException, JournalException {
        Path dir = journalDir != null ? journalDir : JournalDirectory.defaultDirectory();
        if (pid != null) {
            checkPid(pid, dir);
        }
        // with --pid the tracer itself keeps the pid's connections: a filter of its ports now would miss later ones
        String bpf = filter != null ? filter : "tcp";
        LocalAddresses local = LocalAddresses.ofThisHost();
        LiveCaptureSettings settings = LiveCaptureSettings.of(device).withFilter(bpf).withTee(pcapOut);
        List<Report> reports = new ArrayList<>();
        boolean screen = Terminal.isInteractive();
        if (!screen) {
            reports.add(new TextReport(spec.commandLine().getOut(), true));
        }
        SegmentLog segments = new SegmentLog();
        if (htmlOut != null) {
            reports.add(new HtmlReport(htmlOut, segments));
        }
        LiveTrace trace;
        try (PrintWriter json = jsonOut == null ? null : jsonWriter(jsonOut);
             LiveCaptureSource source = LiveCaptureSource.open(settings)) {
            if (json != null) {
                reports.add(new JsonLinesReport(json, true));
            }
            trace = new LiveTrace(source, dir, pid == null ? -1 : pid,
                    e -> local.contains(e.inetAddress()) ? LocalEnd.addressOfThisHost() : null, reports,
                    htmlOut == null ? p -> { } : segments::add, spec.commandLine().getErr(), halfOpenIdle);
            if (Files.isDirectory(dir)) {
                List<TracedJvm> jvms = trace.start();
                if (pid != null && jvms.isEmpty()) {
                    throw new InputException("pid " + pid + " has no live tcptrace journal in " + dir
                            + " (load the agent first: tcptrace attach " + pid + ")");
                }
            }
            spec.commandLine().getErr().println("tcptrace: capturing on " + device + " (filter: " + bpf + ")"
                    + (duration == null ? "; Ctrl-C stops" : " for " + duration.toSeconds() + " s"));
            spec.commandLine().getErr().flush();
            if (screen) {
                reports.add(new TerminalDashboard(spec.commandLine().getOut(), device + " (filter: " + bpf + ")",
                        trace::status));
            }
            reports.add(exports.start(trace.counters(), e -> local.contains(e.inetAddress()),
                    spec.commandLine().getOut(), spec.commandLine().getErr()));
            return runUntilStopped(trace);
        } catch (UncheckedIOException e) {
            throw new InputException(e.getMessage(), e); // --html could not be written
        }
    }

    /**
     * Exit status 1 when the evidence is incomplete: the kernel or interface dropped packets, or a journal is
     * damaged. Verdicts about what was lost may then be missing or UNATTRIBUTED.
     */
    private static int exitCode(Summary s) {
        return s.drops() > 0 || !s.damages().isEmpty() ? 1 : 0;
    }

    private int runUntilStopped(LiveTrace trace) throws InputException {
        CountDownLatch finished = new CountDownLatch(1);
        int[] code = {-1};
        Thread hook = new Thread(() -> {
            trace.stop();
            try {
                // let the summary print before the JVM goes, and end with the run's status rather than the signal's
                if (finished.await(10, TimeUnit.SECONDS) && code[0] >= 0) {
                    spec.commandLine().getOut().flush();
                    spec.commandLine().getErr().flush();
                    Runtime.getRuntime().halt(code[0]);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tcptrace-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tcptrace-duration");
            t.setDaemon(true);
            return t;
        });
        if (duration != null) {
            timer.schedule(trace::stop, duration.toMillis(), TimeUnit.MILLISECONDS);
        }
        running = trace;
        started.countDown();
        try {
            code[0] = exitCode(trace.run());
            return code[0];
        } finally {
            running = null;
            timer.shutdownNow();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us
            }
        }
    }

    /** Waits until the capture runs (for callers that drive traffic in the same process). */
    boolean awaitStarted(Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops a running capture as Ctrl-C would. */
    void stop() {
        LiveTrace t = running;
        if (t != null) {
            t.stop();
        }
    }

    private static void checkPid(long pid, Path dir) throws InputException {
        if (!JvmProcesses.exists(pid)) {
            throw new InputException("no process with pid " + pid);
        }
        if (!JvmProcesses.isJvm(pid)) {
            throw new InputException("pid " + pid + " is not a JVM (" + JvmProcesses.command(pid) + ")");
        }
        if (!Files.isDirectory(dir)) {
            throw new InputException("pid " + pid + " has no tcptrace journal: " + dir + " does not exist (load the "
                    + "agent first: tcptrace attach " + pid + ")");
        }
    }

    private static PrintWriter jsonWriter(Path file) throws InputException {
        try {
            return new PrintWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InputException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
