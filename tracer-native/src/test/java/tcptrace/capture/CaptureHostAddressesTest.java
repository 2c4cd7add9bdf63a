package tcptrace.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.SYN;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tcptrace.cli.Tcptrace;

/** A pcapng file may name its interfaces' addresses: those are the capture's host, whose ends are no peers. */
class CaptureHostAddressesTest {
    private static final long T0 = 1_795_000_000L * 1_000_000L;

    @TempDir
    Path dir;

    private static byte[] frame(boolean fromClient, long seq, long ack, int flags) {
        return FrameBuilder.tcp().from(fromClient ? "10.9.0.1" : "10.9.0.2", fromClient ? 40000 : 8080)
                .to(fromClient ? "10.9.0.2" : "10.9.0.1", fromClient ? 8080 : 40000).seq(seq).ack(ack).flags(flags)
                .buildEthernet();
    }

    private Path capture(byte[] ipv4, byte[] ipv6) throws Exception {
        byte[] bytes = new CaptureFixtures.Pcapng().section(ByteOrder.LITTLE_ENDIAN)
                .iface(LinkType.ETHERNET, "eth0", ipv4, ipv6)
                .enhanced(0, T0, frame(true, 100, 0, SYN), 54)
                .enhanced(0, T0 + 10, frame(false, 500, 101, SYN | ACK), 54)
                .enhanced(0, T0 + 20, frame(true, 101, 501, ACK), 54)
                .enhanced(0, T0 + 1_000, frame(true, 101, 501, FIN | ACK), 54)
                .enhanced(0, T0 + 2_000, frame(false, 501, 102, FIN | ACK), 54)
                .bytes();
        return Files.write(dir.resolve("c.pcapng"), bytes);
    }

    @Test
    void theDescriptionBlocksAddressesAreRead() throws Exception {
        byte[] v4 = InetAddress.getByName("10.9.0.1").getAddress();
        byte[] v6 = InetAddress.getByName("2001:db8::1").getAddress();
        CaptureInterfaceAddresses addresses = new CaptureInterfaceAddresses();
        try (PcapFileSource s = PcapFileSource.open(capture(v4, v6), addresses)) {
            s.run(segment -> { });
        }

        assertThat(addresses.interfaceOf(v4)).isEqualTo("eth0");
        assertThat(addresses.interfaceOf(v6)).isEqualTo("eth0");
        assertThat(addresses.interfaceOf(InetAddress.getByName("10.9.0.2").getAddress())).isNull();
    }

    @Test
    void anEndWithTheCapturesOwnAddressIsUnattributedTheOtherStaysAPeer() throws Exception {
        List<String> records = reportJson(capture(InetAddress.getByName("10.9.0.1").getAddress(), null));

        assertThat(records).hasSize(2);
        assertThat(records.get(0)).startsWith("{\"verdict\":\"UNATTRIBUTED\",\"src\":\"10.9.0.1:40000\"")
                .contains("\"explanation\":\"10.9.0.1:40000 is on the capture's host (an address of its interface "
                        + "eth0) but no traced JVM recorded this connection: its owner is not traced, or closed it "
                        + "through a path the agent does not see\"");
        assertThat(records.get(1)).startsWith("{\"verdict\":\"PEER_CLOSE\",\"src\":\"10.9.0.2:8080\"");
    }

    @Test
    void withoutAddressesInTheFileBothEndsArePeers() throws Exception {
        assertThat(reportJson(capture(null, null))).hasSize(2).allMatch(l -> l.startsWith("{\"verdict\":\"PEER_CLOSE\""));
    }

    private static List<String> reportJson(Path pcap) {
        CommandLine cl = Tcptrace.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cl.execute("report", "--pcap", pcap.toString(), "--format", "json")).isZero();
        return out.toString().lines().toList();
    }
}
