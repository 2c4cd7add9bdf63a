package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.cli.ReportCommandTest.T0;
import static tcptrace.cli.ReportCommandTest.clientEvent;
import static tcptrace.cli.ReportCommandTest.closeCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.agent.event.EventKind;
import tcptrace.capture.PcapFileSource;
import tcptrace.report.PcapngComments;
import tcptrace.testing.Journals;

/** The file formats of {@code report} on a made-up capture: a client closes, the server answers with its FIN. */
class ReportFormatsTest {
    @TempDir
    Path tmp;

    private String[] report(String... more) throws Exception {
        Path journal = Journals.write(tmp.resolve("journals"), List.of(clientEvent(EventKind.CONNECT, T0 - 5_000),
                clientEvent(EventKind.CLOSE, T0 + 959_000)), 0);
        List<String> args = new ArrayList<>(List.of("report", "--pcap", closeCapture(tmp.resolve("c.pcap")).toString(),
                "--journal", journal.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void pcapngCarriesEveryFrameAndAVerdictOnEachFin() throws Exception {
        Path out = tmp.resolve("out.pcapng");

        Cli.Result r = Cli.run(report("--format", "pcapng", "-o", out.toString()));

        assertThat(r.code()).as(r.err()).isZero();
        List<String> comments = PcapngComments.of(out);
        assertThat(comments).hasSize(6);
        assertThat(comments.get(3)).startsWith("tcptrace: APP_CLOSE pid " + ProcessHandle.current().pid()
                + " thread main: the application closed the socket").endsWith("at demo.Client.main(Client.java:21)");
        assertThat(comments.get(4)).startsWith("tcptrace: PEER_CLOSE: ");
        assertThat(comments).filteredOn(c -> c == null).hasSize(4);
        List<Long> times = new ArrayList<>();
        try (PcapFileSource s = PcapFileSource.open(out)) {
            s.run(seg -> times.add(seg.timeNanos()));
        }
        assertThat(times).as("nanosecond times kept").containsExactly(T0, T0 + 10_000, T0 + 20_000, T0 + 1_000_000,
                T0 + 2_000_000, T0 + 2_010_000);
    }

    @Test
    void jfrHasOneVerdictEventPerVerdict() throws Exception {
        Path out = tmp.resolve("out.jfr");

        Cli.Result r = Cli.run(report("--format", "jfr", "-o", out.toString()));

        assertThat(r.code()).as(r.err()).isZero();
        List<RecordedEvent> verdicts = RecordingFile.readAllEvents(out).stream()
                .filter(e -> e.getEventType().getName().equals("tcptrace.Verdict")).toList();
        assertThat(verdicts).extracting(e -> e.getString("verdict")).containsExactlyInAnyOrder("APP_CLOSE",
                "PEER_CLOSE");
        RecordedEvent close = verdicts.stream().filter(e -> e.getString("verdict").equals("APP_CLOSE")).findFirst()
                .orElseThrow();
        assertThat(close.getString("src")).isEqualTo("10.9.0.1:40000");
        assertThat(close.getString("dst")).isEqualTo("10.9.0.2:8080");
        assertThat(close.getString("thread")).isEqualTo("main");
        assertThat(close.getString("stack")).isEqualTo("java.net.Socket.close(Socket.java:1592)\n"
                + "demo.Client.main(Client.java:21)");
        assertThat(close.getLong("wallClockNanos")).isEqualTo(T0 + 1_000_000);
    }

    @Test
    void jsonGoesToTheOutputFileWhenGiven() throws Exception {
        Path out = tmp.resolve("out.jsonl");

        Cli.Result toFile = Cli.run(report("--format", "json", "-o", out.toString()));
        Cli.Result toStdout = Cli.run(report("--format", "json"));

        assertThat(toFile.out()).isEmpty();
        assertThat(Files.readString(out)).isEqualTo(toStdout.out()).contains("\"verdict\":\"APP_CLOSE\"");
    }

    @Test
    void aFileFormatWithoutOutputIsAUsageErrorOfOneLine() throws Exception {
        Cli.Result r = Cli.run(report("--format", "html"));

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("tcptrace: --format html writes a file: give it with -o FILE");
    }

    @Test
    void anUnwritableOutputIsOneLine() throws Exception {
        Path out = tmp.resolve("no-such-dir").resolve("out.html");

        Cli.Result r = Cli.run(report("--format", "html", "-o", out.toString()));

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().satisfies(l -> assertThat(l).startsWith("tcptrace: " + out
                + ": cannot write"));
    }
}
