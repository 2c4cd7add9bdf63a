package tcptrace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static tcptrace.bench.AgentBenchmarks.fmt;

/**
 * Where the start-up time of an agent goes. JFR starts sampling only after the agent's premain has run, so this
 * reads the class-load log instead: how many classes the agent loads (its own, relocated Byte Buddy, the JDK's),
 * and the uptime from its first class to the application's main class.
 */
final class StartupProfile {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** The JVM's warning when appending to the boot class path turns class data sharing off for the other loaders. */
    private static final String CDS_LIMITED = "Sharing is only supported for boot loader classes";
    private static final Pattern LOADED = Pattern.compile("^\\[(\\d+\\.\\d+)s\\]\\s+(\\S+) source:");

    private StartupProfile() {
    }

    /** {@code main}: the main class and its arguments. */
    static String of(Jdk jdk, List<String> agentArgs, String classpath, List<String> main, Path workDir) {
        Load without = load(jdk, List.of(), classpath, main, workDir);
        Load with = load(jdk, agentArgs, classpath, main, workDir);
        return fmt("Class-load log (`-Xlog:class+load:file=...:uptime`) of one start: %,d classes loaded with the "
                        + "agent against %,d without; %,d of them tcptrace's own, %,d relocated Byte Buddy. From the "
                        + "agent's first class to the main class: %.0f ms (%.0f ms uptime at main, against %.0f ms "
                        + "without).%n",
                with.classes, without.classes, with.tcptraceClasses - with.byteBuddyClasses, with.byteBuddyClasses,
                (with.mainAt - with.agentFirstAt) * 1000, with.mainAt * 1000, without.mainAt * 1000)
                + (with.sharingLimited ? "The JVM warned: \"" + CDS_LIMITED + " because bootstrap classpath has been "
                + "appended\": with the agent, class data sharing (CDS) no longer covers the platform and application "
                + "class loaders.\n" : "");
    }

    private record Load(int classes, int tcptraceClasses, int byteBuddyClasses, double agentFirstAt, double mainAt,
                        boolean sharingLimited) {
    }

    private static Load load(Jdk jdk, List<String> agentArgs, String classpath, List<String> mainAndArgs,
                             Path workDir) {
        String mainClass = mainAndArgs.get(0);
        Path log = workDir.resolve("class-load-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(jdk.java(), "-Xlog:class+load:file=" + log + ":uptime"));
        command.addAll(agentArgs);
        command.addAll(List.of("-cp", classpath));
        command.addAll(mainAndArgs);
        ChildProcess.Outcome run = ChildProcess.run(command, TIMEOUT).requireSuccess();
        boolean sharingLimited = (run.stdout() + run.stderr()).contains(CDS_LIMITED);
        int classes = 0;
        int tcptrace = 0;
        int byteBuddy = 0;
        double agentFirst = Double.NaN;
        double main = Double.NaN;
        try {
            for (String line : Files.readAllLines(log)) {
                Matcher m = LOADED.matcher(line);
                if (!m.find()) {
                    continue;
                }
                classes++;
                double at = Double.parseDouble(m.group(1));
                String name = m.group(2);
                if (name.startsWith("tcptrace.") && !name.startsWith("tcptrace.bench.")) {
                    tcptrace++;
                    byteBuddy += name.startsWith("tcptrace.shaded.") ? 1 : 0;
                    agentFirst = Double.isNaN(agentFirst) ? at : agentFirst;
                }
                if (name.equals(mainClass)) {
                    main = at;
                }
            }
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new BenchException("cannot read the class-load log: " + e.getMessage());
        }
        return new Load(classes, tcptrace, byteBuddy, agentFirst, main, sharingLimited);
    }
}
