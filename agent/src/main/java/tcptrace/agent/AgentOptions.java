package tcptrace.agent;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import tcptrace.journal.JournalDirectory;

/**
 * The agent's options: {@code -javaagent:tcptrace.jar=k=v,k=v} or the attach argument. The comma separates
 * options, so a port list uses {@code +} or {@code ;} ({@code ports=80+443}), or repeats the option
 * ({@code ports=80,ports=443}).
 *
 * @param journalDir where the journal goes ({@code journal=<dir>})
 * @param jfrFile    a recording to start and write at exit ({@code jfr=<file.jfr>}), or null
 * @param stackDepth frames kept per stack ({@code stack=<depth>}, default 32; 0 for none)
 * @param closeStacksOnly {@code stack=close}: stacks where connections end (close, shutdown, error), none where they
 *                   open, which a Cleaner's close reports; combines with {@code stack=<depth>}
 * @param ports      trace only these local or remote ports ({@code ports=}); empty for all
 * @param jfrOff     {@code off=jfr}: no JFR events
 * @param journalOff {@code off=journal}: no journal
 * @param quiet      {@code quiet}: no start-up line on stderr
 * @param raw        the option string as given, for the journal's start record
 */
public record AgentOptions(Path journalDir, Path jfrFile, int stackDepth, boolean closeStacksOnly, Set<Integer> ports,
                           boolean jfrOff, boolean journalOff, boolean quiet, String raw) {

    public static final int DEFAULT_STACK_DEPTH = 32;
    private static final int MAX_STACK_DEPTH = 1024;

    public AgentOptions {
        ports = Set.copyOf(ports);
    }

    /** Parses the option string; an unknown or malformed option is an IllegalArgumentException naming it. */
    public static AgentOptions parse(String args) {
        String raw = args == null ? "" : args.trim();
        Path journal = null;
        Path jfr = null;
        int stack = DEFAULT_STACK_DEPTH;
        boolean closeStacksOnly = false;
        Set<Integer> ports = new LinkedHashSet<>();
        boolean jfrOff = false;
        boolean journalOff = false;
        boolean quiet = false;
        for (String option : raw.isEmpty() ? new String[0] : raw.split(",", -1)) {
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq);
            String value = eq < 0 ? null : option.substring(eq + 1);
            switch (key) {
                case "journal" -> journal = Path.of(required(option, value));
                case "jfr" -> jfr = Path.of(required(option, value));
                case "stack" -> {
                    if (required(option, value).equals("close")) {
                        closeStacksOnly = true;
                    } else {
                        stack = number(option, value, 0, MAX_STACK_DEPTH, "'close' nor ");
                    }
                }
                case "ports" -> {
                    for (String p : required(option, value).split("[+;]", -1)) {
                        ports.add(number(option, p, 1, 65535, ""));
                    }
                }
                case "off" -> {
                    switch (required(option, value)) {
                        case "jfr" -> jfrOff = true;
                        case "journal" -> journalOff = true;
                        default -> throw new IllegalArgumentException(
                                "malformed agent option '" + option + "': off= takes jfr or journal");
                    }
                }
                case "quiet" -> {
                    if (value != null) {
                        throw new IllegalArgumentException("malformed agent option '" + option
                                + "': quiet takes no value");
                    }
                    quiet = true;
                }
                default -> throw new IllegalArgumentException("unknown agent option '" + option + "'");
            }
        }
        return new AgentOptions(journal == null ? JournalDirectory.defaultDirectory() : journal, jfr, stack, closeStacksOnly,
                ports, jfrOff, journalOff, quiet, raw);
    }

    private static String required(String option, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("malformed agent option '" + option + "': a value is missing");
        }
        return value;
    }

    private static int number(String option, String text, int min, int max, String orElse) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("malformed agent option '" + option + "': '" + text
                + "' is not " + orElse + "a number from " + min + " to " + max);
    }
}
