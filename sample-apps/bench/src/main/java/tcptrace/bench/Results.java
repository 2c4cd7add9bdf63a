package tcptrace.bench;

import java.util.Locale;

/**
 * How a workload hands its figures to the runner: one {@code RESULT name value} line on stdout each, so that the
 * runner can read them without caring what else the child JVM prints.
 */
final class Results {
    static final String PREFIX = "RESULT ";

    private Results() {
    }

    static void print(String name, double value) {
        System.out.println(PREFIX + name + " " + String.format(Locale.ROOT, "%.3f", value));
        System.out.flush();
    }
}
