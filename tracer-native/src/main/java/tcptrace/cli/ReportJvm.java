package tcptrace.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import sun.misc.Signal;

/**
 * Runs {@code report} in a JVM sized for it when the user started this one with no option at all
 * ({@code java -jar tcptrace.jar report ...}). A post-mortem holds only the connections open around the packet at
 * hand (some 50-150 MB for a capture of 10 k connections at a time), but a JVM started without options takes G1 with
 * a heap of up to a quarter of memory, which it grows as fast as the report allocates: 0.8-1.1 GB of a 24 GB machine
 * for a 2 M-packet capture. The parallel collector with a fixed young generation and an old one that follows the live
 * data keeps such a report near 200-350 MB at the same speed. A user who gives the JVM any option, directly or through
 * {@code JAVA_TOOL_OPTIONS} / {@code JDK_JAVA_OPTIONS}, keeps the JVM they started.
 */
final class ReportJvm {
    /** The report JVM's options; src/bin/tcptrace relies on them too. */
    static final List<String> OPTIONS = List.of("-XX:+UseParallelGC", "-Xms96m", "-Xmn64m",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");
    /** Set in the report's JVM, so that it runs the report itself. */
    static final String SIZED_PROPERTY = "tcptrace.sized";

    private ReportJvm() {
    }

    /**
     * Runs the command in a sized JVM if it is a report and this JVM was started without options; returns that JVM's
     * exit status, or empty when this JVM is to run the command (also when no other JVM could be started).
     */
    static OptionalInt runSized(String[] args) {
        ProcessHandle.Info self = ProcessHandle.current().info();
        Optional<List<String>> command = childCommand(args, self.command(), self.arguments(), System.getenv(),
                System.getProperty(SIZED_PROPERTY) != null);
        if (command.isEmpty()) {
            return OptionalInt.empty();
        }
        Process child;
        try {
            child = new ProcessBuilder(command.get()).inheritIO().start();
        } catch (IOException e) {
            return OptionalInt.empty(); // the report runs here, in a larger heap
        }
        passSignalsTo(child);
        while (true) {
            try {
                return OptionalInt.of(child.waitFor());
            } catch (InterruptedException e) {
                // the report's JVM decides when it is done: its output is still coming
            }
        }
    }

    /**
     * The command line of the sized JVM, or empty when this one runs the command: not a report, already the sized
     * JVM, or started with any option of the user's.
     *
     * @param java this JVM's executable
     * @param argv this JVM's arguments after the executable
     */
    static Optional<List<String>> childCommand(String[] args, Optional<String> java, Optional<String[]> argv,
                                               Map<String, String> env, boolean sized) {
        if (sized || args.length == 0 || !args[0].equals("report") || java.isEmpty() || argv.isEmpty()
                || env.containsKey("JAVA_TOOL_OPTIONS") || env.containsKey("JDK_JAVA_OPTIONS")) {
            return Optional.empty();
        }
        String[] a = argv.get();
        // exactly `java -jar JAR <args>`
        if (a.length != args.length + 2 || !a[0].equals("-jar")
                || !Arrays.equals(a, 2, a.length, args, 0, args.length)) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        command.addAll(OPTIONS);
        command.add("-D" + SIZED_PROPERTY + "=true");
        command.add("-jar");
        command.add(a[1]);
        command.addAll(List.of(args));
        return Optional.of(command);
    }

    /**
     * A terminal's Ctrl-C reaches the report's JVM too, which ends as it would alone: this one only waits for it. A
     * SIGTERM sent to this JVM alone is passed on.
     */
    private static void passSignalsTo(Process child) {
        try {
            Signal.handle(new Signal("INT"), s -> { });
            Signal.handle(new Signal("TERM"), s -> child.destroy());
        } catch (IllegalArgumentException e) {
            // signals reserved (-Xrs): the default handling ends this JVM, and the report's JVM goes on alone
        }
    }
}
