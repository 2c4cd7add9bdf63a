package tcptrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tcptrace.lab.Lab;
import tcptrace.lab.LabEnvironment;
import tcptrace.lab.LabSettings;
import tcptrace.lab.RoleLauncher;
import tcptrace.lab.ScenarioOutcome;
import tcptrace.scenario.Scenarios;

/**
 * The other side of "an end on this host is never PEER_*": an untraced server in another network namespace really
 * is remote, and stays PEER_CLOSE, live and post-mortem (the lab's tcpdump file with the traced client's journal),
 * while the traced client's own address makes none of the server's ends local.
 */
class RemotePeerIT {

    @Test
    void untracedServerInAnotherNamespaceStaysAPeerLiveAndPostMortem() throws Exception {
        List<String> problems = LabEnvironment.namespaceProblems();
        if (!problems.isEmpty()) {
            fail("this test needs network namespaces; missing: " + String.join("; ", problems));
        }
        Path jar = Path.of(System.getProperty("tcptrace.jar"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        LabSettings settings = new LabSettings(RoleLauncher.throughJar(Path.of(System.getProperty("java.home")), jar), jar, java,
                true, Path.of("target", "remote-peer-lab").toAbsolutePath(), 1);
        List<ScenarioOutcome> outcomes = new ArrayList<>();
        new Lab(settings).run(List.of(Scenarios.byName("server-close").orElseThrow()), outcomes::add);

        ScenarioOutcome live = outcomes.get(0);
        assertThat(live.error()).as("lab error (files in %s)", live.dir()).isNull();
        assertThat(live.passed()).as("live verdicts %s against %s", live.got(), live.expected()).isTrue();
        String server = live.records().stream().filter(r -> "PEER_CLOSE".equals(r.text("verdict")))
                .map(r -> r.text("src")).findFirst().orElseThrow();
        assertThat(server).as("the server's end, in its own namespace").matches("10\\.\\d+\\.\\d+\\.2:\\d+");

        List<String> journals;
        try (Stream<Path> files = Files.list(live.dir().resolve("journal"))) {
            journals = files.filter(f -> f.toString().endsWith(".journal")).map(Path::toString).toList();
        }
        assertThat(journals).as("the traced client's journal").isNotEmpty();
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString(), "report", "--pcap",
                live.dir().resolve("ground.pcap").toString(), "--format", "json", "--journal"));
        command.addAll(journals);
        List<String> records = run(command);

        assertThat(records).filteredOn(l -> l.contains("\"src\":\"" + server + "\"") && l.contains("\"FIN\""))
                .as("post-mortem records %s", records).singleElement()
                .satisfies(l -> assertThat(l).startsWith("{\"verdict\":\"PEER_CLOSE\",\"src\":\"" + server + "\"")
                        .contains(server + " is not traced: the peer closed its end of the connection"));
        assertThat(records).filteredOn(l -> l.contains("\"FIN\"") && !l.contains("\"src\":\"" + server + "\""))
                .singleElement().satisfies(l -> assertThat(l).startsWith("{\"verdict\":\"APP_CLOSE\""));
    }

    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("tcptrace report did not finish in 120 s");
        }
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
