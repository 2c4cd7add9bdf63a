package tcptrace.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reruns a measured command under JFR's profiling settings and sums up where it spent its time and what it
 * allocated: the top frames of {@code jdk.ExecutionSample}, the hottest call paths, the first tcptrace frame of each
 * sample, and the {@code jdk.ObjectAllocationSample} weight by class and by allocating tcptrace frame.
 */
final class HotPathProfile {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int TOP = 8;
    private static final int PATH_DEPTH = 4;
    private static final String SAMPLE_PERIOD = "2ms";
    private static final String STACK_DEPTH = "48";

    /** One event of {@code jfr print}: its stack, top first, and for allocation samples the class and weight. */
    private record Sample(List<String> frames, String objectClass, double weight) {
    }

    private HotPathProfile() {
    }

    /**
     * {@code command} starts with the java launcher, and the recording options go right after it; or with
     * {@code env} (a script that starts java, such as src/bin/tcptrace), and they go in {@code JDK_JAVA_OPTIONS},
     * which every java launcher reads. The recording starts {@code delaySeconds} after the JVM.
     */
    static String record(Jdk jdk, List<String> command, Path profileDir, double delaySeconds) {
        Path recording = profileDir.resolve("profile-" + System.currentTimeMillis() + ".jfr");
        List<String> profiled = new ArrayList<>(command);
        // the profile settings sample every 10 ms: too few samples for a run of a few seconds
        profiled.add(1, (command.get(0).equals("env") ? "JDK_JAVA_OPTIONS=" : "")
                + "-XX:StartFlightRecording=filename=" + recording
                + ",settings=profile,dumponexit=true,jdk.ExecutionSample#period=" + SAMPLE_PERIOD
                + (delaySeconds > 0 ? ",delay=" + Math.round(delaySeconds * 1000) + "ms" : ""));
        ChildProcess.run(profiled, TIMEOUT, true);
        if (!Files.exists(recording)) {
            throw new BenchException("the profiled run left no recording at " + recording);
        }
        String samples = jfrPrint(jdk, "jdk.ExecutionSample", recording);
        String allocations = jfrPrint(jdk, "jdk.ObjectAllocationSample", recording);
        return "Profiled: `" + String.join(" ", profiled) + "`; recording kept at `" + recording + "`.\n\n"
                + summarise(samples, allocations);
    }

    private static String jfrPrint(Jdk jdk, String event, Path recording) {
        return ChildProcess.run(List.of(jdk.jfr(), "print", "--stack-depth", STACK_DEPTH, "--events", event,
                recording.toString()), TIMEOUT).requireSuccess().stdout();
    }

    /** The findings, from the text that {@code jfr print} wrote for the two event types. */
    static String summarise(String executionSamples, String allocationSamples) {
        List<Sample> cpu = parse(executionSamples);
        List<Sample> allocated = parse(allocationSamples);
        StringBuilder text = new StringBuilder();
        appendTop(text, "Top frames of " + cpu.size() + " execution samples", cpu, s -> 1.0, HotPathProfile::top);
        appendTop(text, "Hottest call paths (" + PATH_DEPTH + " frames, callee first)", cpu, s -> 1.0,
                HotPathProfile::path);
        appendTop(text, "First tcptrace frame in those samples", cpu, s -> 1.0, HotPathProfile::firstTcptrace);
        appendTop(text, "Allocation samples by class (weight)", allocated, Sample::weight, Sample::objectClass);
        appendTop(text, "Allocation samples by allocating tcptrace frame (weight)", allocated, Sample::weight,
                HotPathProfile::firstTcptrace);
        return text.toString();
    }

    private static List<Sample> parse(String print) {
        List<Sample> samples = new ArrayList<>();
        List<String> frames = null;
        boolean inStack = false;
        String objectClass = null;
        double weight = 0;
        for (String raw : print.lines().toList()) {
            String line = raw.strip();
            if (line.endsWith("{") && !raw.startsWith(" ")) {
                frames = new ArrayList<>();
                objectClass = null;
                weight = 0;
            } else if (frames == null) {
                continue;
            } else if (line.equals("stackTrace = [")) {
                inStack = true;
            } else if (inStack && line.equals("]")) {
                inStack = false;
            } else if (inStack) {
                if (!line.equals("...")) {
                    frames.add(withoutLineNumber(line));
                }
            } else if (line.startsWith("objectClass = ")) {
                objectClass = line.substring("objectClass = ".length()).replaceAll(" \\(classLoader.*$", "");
            } else if (line.startsWith("weight = ")) {
                weight = bytes(line.substring("weight = ".length()));
            } else if (line.equals("}") && !raw.startsWith(" ")) {
                samples.add(new Sample(frames, objectClass, weight));
                frames = null;
            }
        }
        return samples;
    }

    private static String top(Sample s) {
        return s.frames().isEmpty() ? null : s.frames().get(0);
    }

    private static String path(Sample s) {
        return s.frames().isEmpty() ? null
                : String.join(" ← ", s.frames().subList(0, Math.min(PATH_DEPTH, s.frames().size())));
    }

    /** The agent's or tracer's own frame nearest the top; the benchmark's workload frames do not count. */
    private static String firstTcptrace(Sample s) {
        return s.frames().stream().filter(f -> f.startsWith("tcptrace.") && !f.startsWith("tcptrace.bench."))
                .findFirst().orElse(null);
    }

    /** JFR prints data amounts as "512 bytes", "1.2 kB", "3.4 MB". */
    private static double bytes(String amount) {
        String[] parts = amount.trim().split("\\s+");
        double value = Double.parseDouble(parts[0].replace(",", ""));
        String unit = parts.length > 1 ? parts[1] : "bytes";
        return switch (unit) {
            case "kB" -> value * 1e3;
            case "MB" -> value * 1e6;
            case "GB" -> value * 1e9;
            default -> value;
        };
    }

    private static String withoutLineNumber(String frame) {
        int at = frame.indexOf(" line:");
        return at < 0 ? frame : frame.substring(0, at);
    }

    private static void appendTop(StringBuilder text, String title, List<Sample> samples,
                                  Function<Sample, Double> weight, Function<Sample, String> key) {
        Map<String, Double> totals = new HashMap<>();
        double all = 0;
        for (Sample s : samples) {
            all += weight.apply(s);
            String k = key.apply(s);
            if (k != null) {
                totals.merge(k, weight.apply(s), Double::sum);
            }
        }
        text.append(title).append(":\n\n");
        if (totals.isEmpty()) {
            text.append("- (none)\n\n");
            return;
        }
        double total = all;
        totals.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> text.append(AgentBenchmarks.fmt("- %4.1f %%  `%s`%n",
                        100 * e.getValue() / total, e.getKey())));
        text.append('\n');
    }
}
