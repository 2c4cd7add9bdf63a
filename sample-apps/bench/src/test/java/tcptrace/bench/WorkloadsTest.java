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
    void aNettyConnectionEchoesAndClosesOnBothTransports() throws Exception {
        for (String transport : List.of("nio", "epoll")) {
            String output = outputOf(() -> NettyConnection.main(new String[] {"--transport", transport}));

            assertThat(output).as(transport).contains("one Netty connection (" + transport + "), closed");
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

    @Test
    void aSlicedWorkloadWorksOnlyWhenToldAndSaysWhatItDid() throws Exception {
        List<Long> asked = new java.util.ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        SliceLoop.serve(nanos -> {
            asked.add(nanos);
            return nanos / 1_000_000;
        }, new java.io.BufferedReader(new java.io.StringReader("slice 30\nslice 7\n")),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(asked).containsExactly(30_000_000L, 7_000_000L);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo(SliceLoop.READY);
        assertThat(lines.subList(1, 3)).allMatch(l -> l.startsWith(SliceLoop.REPLY));
        assertThat(lines.get(1).split(" ")[1]).isEqualTo("30");
        assertThat(lines.get(2).split(" ")[1]).isEqualTo("7");
    }

    @Test
    void alternationRotatesTheTurnsStartsFreshSourcesEachRoundAndPairsNeighbours() {
        StringBuilder order = new StringBuilder();
        List<String> closed = new java.util.ArrayList<>();
        int[] started = new int[1];
        var slices = Alternation.run(Figure.Verdict.class, List.of(Figure.Verdict.MEETS, Figure.Verdict.MISSES), 2,
                1, 3, java.time.Duration.ofMillis(5), v -> {
                    int source = ++started[0];
                    return new Alternation.SliceSource() {
                        @Override
                        public Alternation.Slice slice(java.time.Duration length) {
                            order.append(v.ordinal());
                            // the candidate (MISSES) does 90 % of the baseline's work in each turn
                            long units = (v == Figure.Verdict.MEETS ? 100 : 90) * (order.length() + 1);
                            return new Alternation.Slice(units, length.toNanos(), length.toNanos() * 2);
                        }

                        @Override
                        public void close() {
                            closed.add(v + "#" + source);
                        }
                    };
                });

        // round 0 starts with A, round 1 with B; each turn rotates; the first turn of a round is dropped
        assertThat(order).hasToString("01100110" + "10011001");
        assertThat(started[0]).isEqualTo(4);
        assertThat(closed).hasSize(4);
        assertThat(slices.get(Figure.Verdict.MEETS)).hasSize(2).allMatch(round -> round.size() == 3);
        List<Double> ratios = Alternation.roundRatios(slices.get(Figure.Verdict.MISSES),
                slices.get(Figure.Verdict.MEETS), Alternation.Slice::perSecond);
        assertThat(ratios).hasSize(2).allSatisfy(r -> assertThat(r).isBetween(0.8, 1.0));
    }
}
