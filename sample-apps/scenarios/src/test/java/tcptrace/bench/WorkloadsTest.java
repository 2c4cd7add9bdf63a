package tcptrace.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The workloads run and report their figures (no timing is asserted: benchmarks are not tests). */
class WorkloadsTest {

    private static String outputOf(ThrowingRunnable main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static double result(String output, String name) {
        ChildProcess.Outcome outcome = new ChildProcess.Outcome(List.of("workload"), 0, output, "", 0);
        return outcome.result(name);
    }

    @Test
    void churnMakesExactlyTheConnectionsAskedFor() throws Exception {
        String output = outputOf(() -> ChurnWorkload.main(new String[] {"--threads", "1", "--connections", "50"}));

        assertThat(result(output, "connections")).isEqualTo(50);
        assertThat(result(output, "failed")).isZero();
    }

    @Test
    void timedChurnReportsARate() throws Exception {
        String output = outputOf(() -> ChurnWorkload.main(
                new String[] {"--threads", "2", "--warmup", "0.1", "--seconds", "0.3"}));

        assertThat(result(output, "connections_per_second")).isPositive();
        assertThat(result(output, "connections_per_cpu_second")).isPositive();
    }

    @Test
    void bulkReadsThroughBothApis() throws Exception {
        for (String api : List.of("socket", "channel")) {
            String output = outputOf(() -> BulkWorkload.main(
                    new String[] {"--api", api, "--warmup", "0.1", "--seconds", "0.3"}));

            assertThat(result(output, "megabytes_per_second")).as(api).isPositive();
            assertThat(result(output, "megabytes_per_cpu_second")).as(api).isPositive();
        }
    }

    @Test
    void interleavingRotatesTheOrderAndKeepsRoundsApart() {
        StringBuilder order = new StringBuilder();
        var values = Interleaved.run(Figure.Verdict.class,
                List.of(Figure.Verdict.MEETS, Figure.Verdict.MISSES, Figure.Verdict.INFO), 3,
                v -> {
                    order.append(v.ordinal());
                    return order.length();
                });

        assertThat(order).hasToString("012120201");
        assertThat(values.get(Figure.Verdict.MEETS)).containsExactly(1.0, 6.0, 8.0);
    }

    @Test
    void medianOfRatiosTakesEachRoundsRatioFirst() {
        List<Double> ratios = Stats.ratios(List.of(90.0, 200.0, 50.0), List.of(100.0, 100.0, 100.0));

        assertThat(ratios).containsExactly(0.9, 2.0, 0.5);
        assertThat(Stats.median(ratios)).isEqualTo(0.9);
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }
}
