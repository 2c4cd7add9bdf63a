package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.SYN;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.capture.FrameBuilder;
import tcptrace.capture.LinkType;
import tcptrace.capture.PcapFileWriter;
import tcptrace.testing.Journals;

class ReportCommandTest {
    static final long T0 = 1_795_000_000_000_000_000L;
    static final String CLIENT = "10.9.0.1";
    static final String SERVER = "10.9.0.2";

    @TempDir
    Path tmp;

    /** Handshake at T0, the client's FIN at T0 + 1 ms, the server's at T0 + 2 ms. */
    static Path closeCapture(Path file) throws Exception {
        try (PcapFileWriter w = PcapFileWriter.create(file, LinkType.ETHERNET, 65535)) {
            w.write(T0, frame(true, 100, 0, SYN));
            w.write(T0 + 10_000, frame(false, 500, 101, SYN | ACK));
            w.write(T0 + 20_000, frame(true, 101, 501, ACK));
            w.write(T0 + 1_000_000, frame(true, 101, 501, FIN | ACK));
            w.write(T0 + 2_000_000, frame(false, 501, 102, FIN | ACK));
            w.write(T0 + 2_010_000, frame(true, 102, 502, ACK));
        }
        return file;
    }

    private static byte[] frame(boolean fromClient, long seq, long ack, int flags) {
        return FrameBuilder.tcp().from(fromClient ? CLIENT : SERVER, fromClient ? 40000 : 8080)
                .to(fromClient ? SERVER : CLIENT, fromClient ? 8080 : 40000).seq(seq).ack(ack).flags(flags)
                .buildEthernet();
    }

    static SocketEvent clientEvent(EventKind kind, long nanos) throws Exception {
        return new SocketEvent(kind, nanos, 1, T0 - 5_000, SocketApi.SOCKET,
                Endpoint.of(InetAddress.getByName(CLIENT), 40000), Endpoint.of(InetAddress.getByName(SERVER), 8080),
                1, "main", false, kind == EventKind.CLOSE ? CloseActor.APP : CloseActor.NONE, 0, 0, null, null,
                kind == EventKind.CLOSE ? List.of("java.net.Socket.close(Socket.java:1592)",
                        "demo.Client.main(Client.java:21)") : List.of());
    }

    private Path clientJournal() throws Exception {
        return Journals.write(tmp.resolve("journals"), List.of(clientEvent(EventKind.CONNECT, T0 - 5_000),
                clientEvent(EventKind.EOF, T0 + 2_500_000), clientEvent(EventKind.CLOSE, T0 + 959_000)), 0);
    }

    @Test
    void jsonReportGivesAppCloseForTheJournaledClientAndPeerCloseForTheServer() throws Exception {
        Path pcap = closeCapture(tmp.resolve("c.pcap"));
        Cli.Result r = Cli.run("report", "--pcap", pcap.toString(), "--journal", clientJournal().toString(),
                "--format", "json");

        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"verdict\":\"APP_CLOSE\",\"src\":\"10.9.0.1:40000\","
                + "\"dst\":\"10.9.0.2:8080\",\"packet\":\"FIN\",\"time\":\"2026-11-18T")
                .contains("\"pid\":" + ProcessHandle.current().pid() + ",\"thread\":\"main\"")
                .contains("\"demo.Client.main(Client.java:21)\"")
                .contains("the kernel sent this FIN 41 µs later");
        assertThat(lines.get(1)).startsWith("{\"verdict\":\"PEER_CLOSE\",\"src\":\"10.9.0.2:8080\"")
                .contains("read end-of-stream on thread main 500 µs later");
    }

    @Test
    void textReportHasTheTableAndSummary() throws Exception {
        Path pcap = closeCapture(tmp.resolve("c.pcap"));
        Cli.Result r = Cli.run("report", "--pcap", pcap.toString(), "--journal", clientJournal().toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("APP_CLOSE", "at demo.Client.main(Client.java:21)",
                "summary: 2 verdicts (APP_CLOSE 1, PEER_CLOSE 1); 6 packets, 1 connection");
    }

    @Test
    void verdictsPrintInTimeOrderWhenAPacketStepsBack() throws Exception {
        Path pcap = tmp.resolve("steps-back.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, LinkType.ETHERNET, 65535)) {
            w.write(T0, frame(40000, true, 100, 0, SYN));
            w.write(T0 + 10_000, frame(40001, true, 200, 0, SYN));
            w.write(T0 + 1_200_000_000L, frame(40000, true, 101, 0, FIN));
            w.write(T0 + 1_300_000_000L, frame(40002, true, 300, 0, SYN));
            // taken on another CPU: 0.3 s older than the newest packet before it
            w.write(T0 + 1_000_000_000L, frame(40001, true, 201, 0, FIN));
            w.write(T0 + 4_000_000_000L, frame(40002, true, 301, 0, FIN));
        }
        Cli.Result r = Cli.run("report", "--pcap", pcap.toString(), "--format", "json");

        assertThat(r.out().lines().map(l -> l.replaceAll(".*\"src\":\"([^\"]*)\".*", "$1")))
                .containsExactly(CLIENT + ":40001", CLIENT + ":40000", CLIENT + ":40002");
    }

    private static byte[] frame(int clientPort, boolean fromClient, long seq, long ack, int flags) {
        return FrameBuilder.tcp().from(fromClient ? CLIENT : SERVER, fromClient ? clientPort : 8080)
                .to(fromClient ? SERVER : CLIENT, fromClient ? 8080 : clientPort).seq(seq).ack(ack).flags(flags)
                .buildEthernet();
    }

    @Test
    void pcapAloneGivesPeerVerdicts() throws Exception {
        Path pcap = closeCapture(tmp.resolve("c.pcap"));
        Cli.Result r = Cli.run("report", "--pcap", pcap.toString(), "--format", "json");

        assertThat(r.out().lines()).hasSize(2).allMatch(l -> l.startsWith("{\"verdict\":\"PEER_CLOSE\""));
    }

    @Test
    void tornJournalIsNamedInTheSummaryAndExits1() throws Exception {
        Path journal = clientJournal();
        long offset = tcptrace.testing.Journals.damageRecord(journal, 1);
        Path pcap = closeCapture(tmp.resolve("c.pcap"));
        Cli.Result r = Cli.run("report", "--pcap", pcap.toString(), "--journal", journal.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("journal damage: " + journal).contains("at offset " + offset)
                .contains("APP_CLOSE");
    }

    @Test
    void journalDirTakesTheJournalsInIt() throws Exception {
        Path journal = clientJournal();
        Path pcap = closeCapture(tmp.resolve("c.pcap"));
        Cli.Result byFile = Cli.run("report", "--pcap", pcap.toString(), "--journal", journal.toString(), "--format",
                "json");
        Cli.Result byDir = Cli.run("report", "--pcap", pcap.toString(), "--journal-dir", journal.getParent().toString(),
                "--format", "json");

        assertThat(byDir.code()).isZero();
        assertThat(byDir.out()).isEqualTo(byFile.out()).contains("\"APP_CLOSE\"");
    }

    @Test
    void aSegmentHalfMadeWhenItsJvmWasKilledIsNoDamageInAJournalDir() throws Exception {
        Path journal = clientJournal();
        Path pcap = closeCapture(tmp.resolve("c.pcap"));
        long pid = tcptrace.journal.JournalFormat.pidOf(journal);
        java.nio.file.Files.write(journal.resolveSibling(tcptrace.journal.JournalFormat.temporaryName(pid, 1)),
                new byte[tcptrace.journal.JournalFormat.HEADER_SIZE * 2]);
        Cli.Result byFile = Cli.run("report", "--pcap", pcap.toString(), "--journal", journal.toString(), "--format",
                "json");
        Cli.Result byDir = Cli.run("report", "--pcap", pcap.toString(), "--journal-dir", journal.getParent().toString(),
                "--format", "json");

        assertThat(byDir.code()).as(byDir.err()).isZero();
        assertThat(byDir.out()).isEqualTo(byFile.out()).contains("\"APP_CLOSE\"");
    }

    @Test
    void aJournalDirWithoutJournalsIsOneLine() throws Exception {
        Path pcap = closeCapture(tmp.resolve("c.pcap"));
        Path empty = java.nio.file.Files.createDirectory(tmp.resolve("none"));
        Cli.Result r = Cli.run("report", "--pcap", pcap.toString(), "--journal-dir", empty.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains(empty + ": no journals in it");
    }
}
