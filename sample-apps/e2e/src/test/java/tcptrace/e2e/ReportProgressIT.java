package tcptrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.PSH;
import static tcptrace.capture.TcpSegment.SYN;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.capture.FrameBuilder;
import tcptrace.capture.LinkType;
import tcptrace.capture.PcapFileWriter;

/**
 * {@code java -jar tcptrace.jar report} over a capture big enough to take seconds: on a terminal, stderr says how far
 * it has come (packets, share of the input, rate, verdicts so far) and clears the line before the report; piped, it
 * says nothing of the kind.
 */
class ReportProgressIT {
    /** Seconds of reading at this machine's rate (about 1 M packets/s); the line shows after 1.5 s. */
    private static final int CONNECTIONS = 40_000;
    /** Most packets carry data: the report reads them at its full rate, and few verdicts are written. */
    private static final int EXCHANGES = 50;
    private static final int PACKETS = CONNECTIONS * (6 + 2 * EXCHANGES);
    /** Ethernet, IPv4 and TCP headers: what is captured of a data packet. */
    private static final int HEADERS = 54;
    private static final Pattern PROGRESS = Pattern.compile(
            "report: ([\\d,]+) packets \\((\\d+)%\\), [\\d.]+ M packets/s, ([\\d,]+) verdicts");

    @TempDir
    Path tmp;

    @Test
    void aLongReportShowsItsProgressOnATerminalAndNoneWhenPiped() throws Exception {
        Path pcap = tmp.resolve("big.pcap");
        writeCapture(pcap);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = System.getProperty("tcptrace.jar");
        List<String> report = List.of(java, "-jar", jar, "report", "--pcap", pcap.toString());
        String summary = "summary: " + CONNECTIONS * 2 + " verdicts (PEER_CLOSE " + CONNECTIONS * 2 + "); "
                + PACKETS + " packets, " + CONNECTIONS + " connections";

        // the report into a file, as with a capture this big one would: the terminal gets stderr alone
        Path written = tmp.resolve("report.txt");
        List<String> onTerminal = new ArrayList<>(report);
        onTerminal.addAll(List.of("-o", written.toString()));
        try (TmuxPane pane = TmuxPane.run(tmp, 200, 50, String.join(" ", onTerminal.stream().map(TmuxPane::quote)
                .toList()))) {
            pane.awaitOutput(PROGRESS, Duration.ofSeconds(60));
            int exit = pane.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as(pane.screen()).isZero();
            Matcher first = PROGRESS.matcher(pane.output());
            assertThat(first.find()).isTrue();
            long packets = Long.parseLong(first.group(1).replace(",", ""));
            assertThat(packets).isPositive().isLessThan(PACKETS);
            assertThat(Integer.parseInt(first.group(2))).isLessThan(100);
            assertThat(pane.screen()).as("the line is cleared once the report is done").doesNotContain("packets/s");
            assertThat(Files.readString(written)).contains(summary).doesNotContain("packets/s");
        }

        Path out = tmp.resolve("piped.out");
        Path err = tmp.resolve("piped.err");
        Process piped = new ProcessBuilder(report).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(piped.waitFor(60, TimeUnit.SECONDS)).as("the piped report ends").isTrue();
        assertThat(piped.exitValue()).as(Files.readString(err)).isZero();
        assertThat(Files.readString(err)).doesNotContain("packets/s").doesNotContain("\r");
        assertThat(Files.readString(out)).contains(summary).doesNotContain("packets/s").doesNotContain("\r");
    }

    /**
     * Connections between untraced hosts, one after another: handshake, {@link #EXCHANGES} requests and responses of
     * 100 bytes (headers only captured), a FIN each way, the last ACK.
     */
    static void writeCapture(Path file) throws IOException {
        long t0 = 1_795_000_000_000_000_000L;
        InetAddress server = InetAddress.getByName("10.9.200.2");
        InetAddress[] clients = new InetAddress[CONNECTIONS / 50_000 + 1];
        for (int b = 0; b < clients.length; b++) {
            clients[b] = InetAddress.getByName("10.9." + b + ".1"); // parsed once: millions of frames are built
        }
        try (PcapFileWriter w = PcapFileWriter.create(file, LinkType.ETHERNET, 128)) {
            for (int i = 0; i < CONNECTIONS; i++) {
                InetAddress client = clients[i / 50_000];
                int port = 10_000 + i % 50_000;
                long t = t0 + i * 3_000_000L;
                long c = 100;
                long s = 500;
                w.write(t, frame(server, client, true, port, c++, 0, SYN, 0));
                w.write(t + 10_000, frame(server, client, false, port, s++, c, SYN | ACK, 0));
                w.write(t + 20_000, frame(server, client, true, port, c, s, ACK, 0));
                for (int k = 0; k < EXCHANGES; k++) {
                    long at = t + 30_000 + k * 16_000L;
                    w.write(at, frame(server, client, true, port, c, s, ACK | PSH, 100), 0, HEADERS,
                            HEADERS + 100);
                    c += 100;
                    w.write(at + 8_000, frame(server, client, false, port, s, c, ACK | PSH, 100), 0, HEADERS,
                            HEADERS + 100);
                    s += 100;
                }
                w.write(t + 1_000_000, frame(server, client, true, port, c, s, FIN | ACK, 0));
                w.write(t + 2_000_000, frame(server, client, false, port, s, c + 1, FIN | ACK, 0));
                w.write(t + 2_010_000, frame(server, client, true, port, c + 1, s + 1, ACK, 0));
            }
        }
    }

    private static byte[] frame(InetAddress server, InetAddress client, boolean fromClient, int port, long seq,
                                long ack, int flags, int payload) {
        return FrameBuilder.tcp().from(fromClient ? client : server, fromClient ? port : 8080)
                .to(fromClient ? server : client, fromClient ? 8080 : port).seq(seq).ack(ack).flags(flags)
                .payloadLength(payload).buildEthernet();
    }
}
