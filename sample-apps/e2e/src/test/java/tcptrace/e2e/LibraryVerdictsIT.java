package tcptrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tcptrace.lab.JavaRelease;
import tcptrace.lab.InstalledJdks;
import tcptrace.lab.VerdictRecord;
import tcptrace.lab.WireSegment;

/**
 * The real libraries services use, each in a child JVM under {@code -javaagent:target/tcptrace.jar} on JDK 17 and
 * on JDK 25, closing as the library closes while tcpdump captures lo: every FIN and RST that tcpdump saw has exactly
 * one verdict record from {@code report --format json}, the verdict expected for the end that sent it (by tcpdump's
 * ports), with a frame of the library in its stack.
 */
class LibraryVerdictsIT {
    private static final Map<String, LibraryRunOutcome> OUTCOMES = new ConcurrentHashMap<>();

    @BeforeAll
    static void runEveryLibraryOnBothJdks() {
        Path jar = Path.of(requiredProperty("tcptrace.jar"));
        if (!Files.isRegularFile(jar)) {
            fail("no " + jar + ": build it first (mvn -B install at the repository root)");
        }
        Path runs = Path.of("target", "library-runs").toAbsolutePath();
        List<CompletableFuture<Void>> jdks = new ArrayList<>();
        for (Path jdk : jdks()) {
            int feature = JavaRelease.feature(jdk);
            LibraryRunner runner = new LibraryRunner(jdk, feature, jar, runs.resolve("jdk" + feature));
            // one JVM at a time per JDK, the two JDKs side by side
            jdks.add(CompletableFuture.runAsync(() -> Library.selected().forEach(
                    library -> OUTCOMES.put(key(library.name(), feature), runner.run(library)))));
        }
        jdks.forEach(CompletableFuture::join);
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Path jdk : jdks()) {
            Library.selected().forEach(l -> cases.add(Arguments.of(l.name(), JavaRelease.feature(jdk))));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on JDK {1}")
    @MethodSource("cases")
    void everyFinAndRstHasTheLibrarysVerdictAndFrame(String name, int jdk) {
        LibraryRunOutcome o = OUTCOMES.get(key(name, jdk));
        assertThat(o).as("%s on JDK %d ran", name, jdk).isNotNull();
        assertThat(o.error()).as("run error (files in %s)", o.dir()).isNull();
        Map<String, WireSegment> ends = ends(o.segments());
        String records = describe(o.records());
        List<VerdictRecord> packetRecords = o.records().stream().filter(r -> r.text("packet") != null).toList();
        assertThat(ends.values().stream().map(s -> kind(s, o.port())).distinct().toList())
                .as("kinds of end tcpdump saw (files in %s)", o.dir()).isNotEmpty()
                .containsAll(o.library().required()).isSubsetOf(o.library().ends().keySet());
        assertThat(packetRecords).as("one record per FIN/RST on the wire:%n%s", records).hasSize(ends.size());
        for (WireSegment end : ends.values()) {
            String src = end.srcIp() + ":" + end.srcPort();
            String dst = end.dstIp() + ":" + end.dstPort();
            String packet = end.rst() ? "RST" : "FIN";
            Library.Expected expected = o.library().ends().get(kind(end, o.port()));
            assertThat(packetRecords).as("the record of the %s from %s to %s among:%n%s", packet, src, dst, records)
                    .filteredOn(r -> src.equals(r.text("src")) && dst.equals(r.text("dst"))
                            && packet.equals(r.text("packet")))
                    .singleElement().satisfies(r -> {
                        assertThat(r.text("verdict")).as("verdict: %s", r.text("explanation"))
                                .isEqualTo(expected.verdict());
                        if (o.library().killed()) {
                            assertThat(r.text("exit")).isEqualTo("killed");
                            assertThat(r.fields().get("pid")).isEqualTo(o.pid());
                        }
                        if (expected.frame() != null) {
                            assertThat(stack(r)).as("stack").anyMatch(f -> f.startsWith(expected.frame()));
                        }
                    });
        }
    }

    /** "client FIN", "server RST", ...: the server is the end on the run's port. */
    private static String kind(WireSegment end, int serverPort) {
        return (end.srcPort() == serverPort ? "server " : "client ") + (end.rst() ? "RST" : "FIN");
    }

    /** Each FIN or RST once: a retransmission has the sender and sequence number of the first. */
    private static Map<String, WireSegment> ends(List<WireSegment> segments) {
        Map<String, WireSegment> ends = new LinkedHashMap<>();
        for (WireSegment s : segments) {
            if (s.fin() || s.rst()) {
                ends.putIfAbsent(s.srcIp() + ":" + s.srcPort() + (s.rst() ? " R " : " F ") + s.seq(), s);
            }
        }
        return ends;
    }

    private static List<String> stack(VerdictRecord r) {
        Object stack = r.fields().get("stack");
        return stack instanceof List<?> frames ? frames.stream().map(String::valueOf).toList() : List.of();
    }

    private static List<Path> jdks() {
        return List.of(Path.of(System.getProperty("java.home")), InstalledJdks.require(25));
    }

    private static String key(String library, int feature) {
        return library + "@" + feature;
    }

    private static String describe(List<VerdictRecord> records) {
        return records.isEmpty() ? "  (none)"
                : records.stream().map(r -> "  " + r.fields()).collect(Collectors.joining("\n"));
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            fail("system property " + name + " is not set (the parent pom passes it to failsafe)");
        }
        return value;
    }
}
