package tcptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.SYN;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.capture.FrameBuilder;
import tcptrace.capture.LinkType;
import tcptrace.capture.PcapFileWriter;

/**
 * A close both ways whose last ACK is lost: the server, in LAST_ACK, resends its FIN with the kernel's back-off
 * (0.2, 0.4, 0.8, 1.6, 3.2 s), long after the connection looked quiet enough to forget. Each resend is the same FIN.
 */
class LastAckResendReportTest {
    private static final long T0 = 1_795_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final String CLIENT = "10.9.0.1";
    private static final String SERVER = "10.9.0.2";

    @TempDir
    Path tmp;

    @Test
    void aFinResentFromLastAckThroughTheWholeBackOffIsOneRecord() throws Exception {
        Path pcap = tmp.resolve("last-ack.pcap");
        try (PcapFileWriter w = PcapFileWriter.create(pcap, LinkType.ETHERNET, 65535)) {
            w.write(T0, frame(true, 100, 0, SYN));
            w.write(T0 + 10 * MS / 1000, frame(false, 500, 101, SYN | ACK));
            w.write(T0 + 20 * MS / 1000, frame(true, 101, 501, ACK));
            w.write(T0 + MS, frame(true, 101, 501, FIN | ACK));
            w.write(T0 + 2 * MS, frame(false, 501, 102, FIN | ACK));
            // the client's last ACK never arrives: the server resends its FIN, and the client's kernel acks each
            long resend = T0 + 2 * MS;
            for (long backOff : List.of(200L, 400L, 800L, 1_600L, 3_200L)) {
                resend += backOff * MS;
                w.write(resend, frame(false, 501, 102, FIN | ACK));
                w.write(resend + MS / 10, frame(true, 102, 502, ACK));
            }
            // another connection later in the capture keeps the clock moving past every hold
            w.write(resend + 5_000 * MS, frame(40001, true, 900, 0, SYN));
        }

        Cli.Result r = Cli.run("report", "--pcap", pcap.toString(), "--format", "json");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().map(l -> l.replaceAll(".*\"src\":\"([^\"]*)\".*\"packet\":\"([A-Z]*)\".*",
                "$1 $2"))).containsExactly(CLIENT + ":40000 FIN", SERVER + ":8080 FIN");
        Cli.Result text = Cli.run("report", "--pcap", pcap.toString());
        assertThat(text.out()).contains("2 verdicts").contains("2 connections");
    }

    private static byte[] frame(boolean fromClient, long seq, long ack, int flags) {
        return frame(40000, fromClient, seq, ack, flags);
    }

    private static byte[] frame(int clientPort, boolean fromClient, long seq, long ack, int flags) {
        return FrameBuilder.tcp().from(fromClient ? CLIENT : SERVER, fromClient ? clientPort : 8080)
                .to(fromClient ? SERVER : CLIENT, fromClient ? 8080 : clientPort).seq(seq).ack(ack).flags(flags)
                .buildEthernet();
    }
}
