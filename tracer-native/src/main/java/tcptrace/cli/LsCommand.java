package tcptrace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tcptrace.correlate.AppEvent;
import tcptrace.correlate.Correlator;
import tcptrace.correlate.HalfOpenRisk;
import tcptrace.correlate.TracedJvm;
import tcptrace.correlate.UnseenSockets;
import tcptrace.correlate.Verdict;
import tcptrace.journal.JournalDirectory;
import tcptrace.journal.JournalEntry;
import tcptrace.journal.JournalException;
import tcptrace.journal.JvmJournal;
import tcptrace.os.LiveSocket;
import tcptrace.os.LiveSockets;
import tcptrace.os.NetNamespaces;
import tcptrace.os.TcpSysctls;
import tcptrace.os.WallClock;

/** The traced JVMs of a journal directory, and the half-open risks of those still running. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "List traced JVMs (pid, start, alive/exited/killed, events, drops, damage), the idle "
                + "connections of live ones that would never notice a dead peer, and the TCP sockets they hold that "
                + "the agent has not seen (opened before an attach), with how soon a dead peer would be noticed.")
final class LsCommand implements Callable<Integer> {
    private static final String FORMAT = "%-8s %-24s %-8s %8s %8s %7s%n";

    @Spec
    CommandSpec spec;

    @Option(names = "--journal-dir", paramLabel = "D",
            description = "Journal directory (default: $TMPDIR/tcptrace-<uid>).")
    Path journalDir;

    @Option(names = "--half-open-idle", paramLabel = "60s", converter = DurationConverter.class,
            description = "How long a connection with keepalive off must carry no data either way, by its kernel's "
                    + "account, to be a HALF_OPEN_RISK. Default: 60s (longer than the pauses of a connection in use, "
                    + "as long as common load balancers' idle timeout).")
    Duration halfOpenIdle = HalfOpenRisk.DEFAULT_IDLE;

    @Override
    public Integer call() throws JournalException {
        Path dir = journalDir != null ? journalDir : JournalDirectory.defaultDirectory();
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(dir)) {
            out.println("no traced JVMs: " + dir + " does not exist");
            out.flush();
            return 0;
        }
        List<JvmJournal> journals = JvmJournal.list(dir);
        if (journals.isEmpty()) {
            out.println("no traced JVMs in " + dir);
            out.flush();
            return 0;
        }
        out.printf(FORMAT, "PID", "START (UTC)", "STATE", "EVENTS", "DROPPED", "DAMAGE");
        boolean damaged = false;
        for (JvmJournal j : journals) {
            long events = j.entries().stream().filter(JournalEntry.Event.class::isInstance).count();
            out.printf(FORMAT, j.pid(), Instant.ofEpochMilli(j.jvmStartMillis()),
                    j.status().name().toLowerCase(Locale.ROOT), events, j.droppedRecords(), j.damages().size());
            damaged |= !j.damages().isEmpty();
        }
        for (JvmJournal j : journals) {
            j.damages().forEach(d -> out.println("journal damage: " + d));
            if (j.status() == JvmJournal.Status.ALIVE) {
                printRisks(out, j, halfOpenIdle);
            }
        }
        out.flush();
        return damaged ? 1 : 0;
    }

    private static void printRisks(PrintWriter out, JvmJournal j, Duration idle) {
        TracedJvm jvm = new TracedJvm(j.pid(), j.pid() + ".journal", TracedJvm.State.RUNNING);
        Correlator apps = Correlator.postMortem(v -> { });
        for (JournalEntry e : j.entries()) {
            if (e instanceof JournalEntry.Event ev) {
                apps.onAppEvent(new AppEvent(jvm, ev.event()));
            }
        }
        try {
            TcpSysctls sysctls = NetNamespaces.sysctlsOf(j.pid());
            List<LiveSocket> sockets = LiveSockets.of(j.pid());
            for (Verdict v : HalfOpenRisk.find(jvm, apps.appConnections(), sockets, sysctls, WallClock.nowNanos(),
                    idle)) {
                out.println("HALF_OPEN_RISK pid " + j.pid() + " " + v.src() + " → " + v.dst() + ": "
                        + v.explanation());
            }
            for (UnseenSockets.Unseen u : UnseenSockets.find(jvm, apps.appConnections(), sockets, sysctls)) {
                out.println("UNSEEN pid " + j.pid() + " " + u.socket().local() + " → " + u.socket().remote() + " "
                        + u.socket().stateName() + ": the agent has journaled nothing of it (opened before it was "
                        + "attached, or through a path it does not trace); " + u.keepalive());
            }
        } catch (IOException gone) {
            out.println("pid " + j.pid() + ": its sockets cannot be read (" + gone.getMessage() + ")");
        }
    }
}
