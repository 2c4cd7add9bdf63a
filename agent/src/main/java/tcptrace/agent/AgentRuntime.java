package tcptrace.agent;

import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import tcptrace.agent.bootstrap.SocketProbes;
import tcptrace.agent.connection.EventRecorder;
import tcptrace.agent.connection.PortFilter;
import tcptrace.agent.event.jfr.JfrRecording;
import tcptrace.agent.event.jfr.JfrSink;
import tcptrace.agent.instrument.SocketInstrumentation;
import tcptrace.agent.sink.EventSink;
import tcptrace.agent.sink.JournalSink;
import tcptrace.agent.stack.StackCapture;
import tcptrace.journal.JournalEntry;
import tcptrace.journal.JournalFormat;
import tcptrace.journal.JournalWriter;

/** Starts the agent once the bridge is loadable: sinks, the recorder, the instrumentation, the shutdown hook. */
final class AgentRuntime {
    /** Sockets remembered at once; beyond this new ones are left out (bounded memory). */
    private static final int MAX_TRACKED_SOCKETS = 1 << 18;
    /**
     * The journal's bound is segments x segment bytes (default 4 x 8 MiB). System properties rather than agent
     * options: sizing the ring is for operators who know their event rate, not part of the agent's contract.
     */
    static final String SEGMENT_BYTES_PROPERTY = "tcptrace.journal.segmentBytes";
    static final String SEGMENTS_PROPERTY = "tcptrace.journal.segments";

    private AgentRuntime() {
    }

    static void start(AgentOptions options, Instrumentation inst, boolean attached) throws Exception {
        warnIfPlainSocketImpl();
        openJdkInternals(inst);
        List<EventSink> sinks = new ArrayList<>();
        JournalSink journal = options.journalOff() ? null : JournalSink.opening();
        if (journal != null) {
            sinks.add(journal);
        }
        boolean recording = false;
        if (!options.jfrOff()) {
            if (ModuleLayer.boot().findModule("jdk.jfr").isPresent()) {
                sinks.add(new JfrSink());
                if (options.jfrFile() != null) {
                    JfrRecording.start(options.jfrFile());
                    recording = true;
                }
            } else {
                System.err.println("tcptrace: module jdk.jfr is missing: no JFR events, the journal still works");
            }
        }
        EventRecorder recorder = new EventRecorder(new StackCapture(options.stackDepth(), !options.closeStacksOnly()),
                new PortFilter(options.ports()), sinks, MAX_TRACKED_SOCKETS);
        if (!SocketProbes.install(recorder)) {
            if (!options.quiet()) {
                System.err.println("tcptrace: agent already active in this JVM; nothing done");
            }
            return;
        }
        JournalOpening opening = journal == null ? null : new JournalOpening(options, attached, recording, journal);
        if (opening != null && !attached) {
            // beside the weaving's installation, which takes as long; both are done before the application's main
            Thread t = new Thread(opening, "tcptrace-journal-open");
            t.setDaemon(true);
            t.start();
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook(sinks));
        boolean installed = false;
        try {
            SocketInstrumentation.install(inst, () -> checkJdk(recorder));
            installed = true;
        } finally {
            if (opening != null) {
                opening.agentStarted(installed);
            }
        }
        if (opening != null && attached) {
            opening.run();
        } else if (journal != null) {
            // the journal is in place before main: the tools that look for it as soon as the JVM runs (ls, attach,
            // capture --pid) find it, and a JVM killed at once has its START record
            journal.awaitOpened();
        }
        if (!options.quiet() && options.journalOff()) {
            System.err.println("tcptrace: tracing TCP sockets" + (recording ? ", JFR " + options.jfrFile() : ""));
        }
    }

    /**
     * Opens the journal, writes its START record and hands it to the sink; then the one line on stderr that says
     * where it is (a journal that could not be opened has said so, and that tracing goes on). The line waits for the
     * agent's start to have installed the weaving: an agent that failed there says "agent off" alone.
     */
    private static final class JournalOpening implements Runnable {
        /** Bounded only against a start that never returns; the start takes milliseconds. */
        private static final long START_WAIT_SECONDS = 30;

        private final AgentOptions options;
        private final boolean attached;
        private final boolean recording;
        private final JournalSink sink;
        private final CountDownLatch started = new CountDownLatch(1);
        private volatile boolean installed;

        JournalOpening(AgentOptions options, boolean attached, boolean recording, JournalSink sink) {
            this.options = options;
            this.attached = attached;
            this.recording = recording;
            this.sink = sink;
        }

        /** The agent's start is over: {@code ok}, the weaving is installed. */
        void agentStarted(boolean ok) {
            installed = ok;
            started.countDown();
        }

        @Override
        public void run() {
            JournalWriter journal = null;
            try {
                journal = openJournal(options, attached);
                boolean tracing = started.await(START_WAIT_SECONDS, TimeUnit.SECONDS) && installed;
                // said before the sink has the journal: an exit waits for that, so the line is never cut off
                if (journal != null && tracing && !options.quiet()) {
                    System.err.println("tcptrace: tracing TCP sockets, journal " + journal.currentFile()
                            + (recording ? ", JFR " + options.jfrFile() : ""));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // nobody interrupts this thread: hand the journal over anyway
            } catch (Throwable t) {
                System.err.println("tcptrace: tracing TCP sockets, but no journal (" + t + ")");
            } finally {
                sink.opened(journal);
            }
        }
    }

    /**
     * Checks, once the first socket class is woven, that the JDK's socket classes have what the recorder reads, and
     * turns the probes off if not. On a thread of its own: it loads the other socket classes, which the thread
     * that is loading the first one must not wait for.
     */
    private static void checkJdk(EventRecorder recorder) {
        Thread t = new Thread(() -> {
            try {
                EventRecorder.requireSupportedJdk();
            } catch (Throwable unsupported) {
                SocketProbes.uninstall(recorder);
                System.err.println("tcptrace: agent off: " + unsupported.getMessage());
            }
        }, "tcptrace-jdk-check");
        t.setDaemon(true);
        t.start();
    }

    private static JournalWriter openJournal(AgentOptions options, boolean attached) {
        try {
            JournalWriter w = JournalWriter.open(options.journalDir(), attached,
                    Long.getLong(SEGMENT_BYTES_PROPERTY, JournalFormat.DEFAULT_SEGMENT_BYTES),
                    Integer.getInteger(SEGMENTS_PROPERTY, JournalFormat.DEFAULT_SEGMENTS), System.err::println);
            String command = ProcessHandle.current().info().commandLine()
                    .orElse(System.getProperty("sun.java.command", ""));
            w.writeStart(new JournalEntry.Start(0, WallClock.now(), attached,
                    System.getProperty("java.version"), command, options.raw()));
            return w;
        } catch (Exception e) {
            System.err.println("tcptrace: tracing TCP sockets, but no journal (" + e.getMessage() + ")"
                    + (options.jfrOff() ? "" : "; JFR events still work"));
            return null;
        }
    }

    /**
     * Writes the journal's EXIT record. The JFR recording is written by JFR's own shutdown hook (dump on exit):
     * hooks run concurrently, and JFR's deletes its repository, so a second writer here would race it.
     */
    private static Thread shutdownHook(List<EventSink> sinks) {
        Thread hook = new Thread(() -> {
            long now = WallClock.now();
            for (EventSink s : sinks) {
                try {
                    s.shutdown(now);
                } catch (RuntimeException ignored) {
                    // the other sinks still get their turn
                }
            }
        }, "tcptrace-shutdown");
        return hook;
    }

    /**
     * Advice inlined into java.base calls the bridge, so java.base must read the bridge's module (the bootstrap
     * loader's unnamed one). The recorder reads fields of the JDK's socket objects (their FileDescriptor, their
     * endpoints), and a Throwable's recorded frames (to know a stack it has formatted before): the packages that hold
     * them are opened to the agent's named module alone, which opens nothing itself; the application's classes, in
     * the class path's unnamed module, can reach no more of the JDK than without the agent.
     */
    private static void openJdkInternals(Instrumentation inst) {
        Module javaBase = Object.class.getModule();
        Module agent = AgentRuntime.class.getModule();
        inst.redefineModule(javaBase, Set.of(SocketProbes.class.getModule()), Map.of(),
                Map.of("sun.nio.ch", Set.of(agent), "java.net", Set.of(agent), "java.lang", Set.of(agent)),
                Set.of(), Map.of());
    }

    private static void warnIfPlainSocketImpl() {
        String plain = System.getProperty("jdk.net.usePlainSocketImpl");
        if (plain != null && !plain.equalsIgnoreCase("false") && Runtime.version().feature() <= 17) {
            System.err.println("tcptrace: -Djdk.net.usePlainSocketImpl bypasses NioSocketImpl: java.net.Socket "
                    + "connections are not traced (SocketChannel ones are)");
        }
    }
}
