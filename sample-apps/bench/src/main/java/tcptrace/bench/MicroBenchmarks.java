package tcptrace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static tcptrace.bench.AgentBenchmarks.fmt;

/** The JMH micro-benchmark of the advice's bridge call ({@code ProbeCallBenchmark}, in the test sources). */
final class MicroBenchmarks {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final String BENCHMARK = "tcptrace.bench.ProbeCallBenchmark";

    private final Settings settings;
    private final BenchReport report;
    private final String jmhClasspath;

    MicroBenchmarks(Settings settings, BenchReport report, String jmhClasspath) {
        this.settings = settings;
        this.report = report;
        this.jmhClasspath = jmhClasspath;
    }

    void runAll() {
        try {
            Map<String, Double> scores = run();
            for (String method : List.of("read", "written")) {
                String name = fmt("bridge call per `%s` on a traced connection (JMH), %s", method,
                        settings.primaryJdk().label());
                report.add(new Figure(name, "",
                        fmt("%.1f ns", score(scores, method, "tracked")), Figure.Verdict.INFO,
                        fmt("`SocketProbes.%s` called directly, average time: %.1f ns tracked, %.1f ns for a "
                                        + "connection the agent never saw, %.1f ns before the agent installs its sink",
                                method, score(scores, method, "tracked"), score(scores, method, "untracked"),
                                score(scores, method, "none"))));
            }
        } catch (BenchException e) {
            report.add(Figure.notMeasured("bridge call per read/write (JMH)", "", e.getMessage()));
        }
    }

    private Map<String, Double> run() {
        Path csv = settings.workDir().resolve("jmh.csv");
        List<String> command = new ArrayList<>(List.of(settings.primaryJdk().java(), "-cp", jmhClasspath,
                "org.openjdk.jmh.Main", BENCHMARK, "-rf", "csv", "-rff", csv.toString()));
        if (settings.quick()) {
            command.addAll(List.of("-wi", "1", "-i", "3", "-w", "500ms", "-r", "500ms"));
        }
        ChildProcess.run(command, TIMEOUT).requireSuccess();
        try {
            return parse(Files.readAllLines(csv));
        } catch (IOException e) {
            throw new BenchException("JMH wrote no results: " + e.getMessage());
        }
    }

    /** JMH's CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: state". */
    private static Map<String, Double> parse(List<String> lines) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            String benchmark = unquote(cells[0]);
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            scores.put(method + "/" + unquote(cells[cells.length - 1]), Double.parseDouble(cells[4]));
        }
        return scores;
    }

    private static double score(Map<String, Double> scores, String method, String state) {
        Double score = scores.get(method + "/" + state);
        if (score == null) {
            throw new BenchException("JMH reported no score for " + method + " with state=" + state);
        }
        return score;
    }

    private static String unquote(String cell) {
        return cell.replace("\"", "").trim();
    }
}
