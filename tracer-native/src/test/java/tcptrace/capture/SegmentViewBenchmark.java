package tcptrace.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Packets per second of {@link PcapFileSource} with {@link SegmentView} over a generated header-only capture.
 * Run by hand: {@code java -cp <test classpath> tcptrace.capture.SegmentViewBenchmark [packets] [rounds]}.
 */
public final class SegmentViewBenchmark {
    private static final int CONNECTIONS = 10_000;
    private static final int SNAPLEN = 96;

    private SegmentViewBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int packets = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path file = Files.createTempFile("tcptrace-bench", ".pcap");
        try {
            generate(file, packets);
            System.out.printf("%d packets, %d MiB%n", packets, Files.size(file) >> 20);
            double[] rates = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                long[] checksum = new long[1];
                long start = System.nanoTime();
                CaptureStats stats = PcapFileSource.open(file).run(segment ->
                        checksum[0] += segment.srcPort() + segment.seq() + segment.flags() + segment.payloadLength());
                long elapsed = System.nanoTime() - start;
                rates[round] = stats.tcpSegments() * 1e9 / elapsed;
                System.out.printf("round %d: %.2f M packets/s (checksum %d)%n", round, rates[round] / 1e6,
                        checksum[0]);
            }
            Arrays.sort(rates);
            System.out.printf("median: %.2f M packets/s%n", rates[rounds / 2] / 1e6);
        } finally {
            Files.delete(file);
        }
    }

    /** Connections over IPv4 and IPv6, each a handshake, data both ways and a FIN exchange, cut by a small snaplen. */
    private static void generate(Path file, int packets) throws Exception {
        int[] flagsCycle = {TcpSegment.SYN, TcpSegment.SYN | TcpSegment.ACK, TcpSegment.ACK,
                TcpSegment.PSH | TcpSegment.ACK, TcpSegment.ACK, TcpSegment.PSH | TcpSegment.ACK,
                TcpSegment.FIN | TcpSegment.ACK, TcpSegment.FIN | TcpSegment.ACK, TcpSegment.ACK};
        try (PcapFileWriter writer = PcapFileWriter.create(file, LinkType.ETHERNET, SNAPLEN)) {
            for (int i = 0; i < packets; i++) {
                int connection = i % CONNECTIONS;
                int step = (i / CONNECTIONS) % flagsCycle.length;
                boolean ipv6 = connection % 4 == 0;
                boolean fromClient = step % 2 == 0;
                String client = ipv6 ? "2001:db8::1" : "10.0.0.1";
                String server = ipv6 ? "2001:db8::2" : "10.0.0.2";
                int clientPort = 20_000 + connection;
                FrameBuilder frame = FrameBuilder.tcp().flags(flagsCycle[step]).seq(i).ack(i / 2)
                        .payloadLength((flagsCycle[step] & TcpSegment.PSH) != 0 ? 1200 : 0);
                if (fromClient) {
                    frame.from(client, clientPort).to(server, 443);
                } else {
                    frame.from(server, 443).to(client, clientPort);
                }
                byte[] bytes = frame.buildEthernet();
                writer.write(1_795_000_000_000_000_000L + i * 1_000L, bytes);
            }
        }
    }
}
