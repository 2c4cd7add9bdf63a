package tcptrace.bench;

import tcptrace.capture.FrameBuilder;
import tcptrace.capture.PcapFileWriter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.PSH;
import static tcptrace.capture.TcpSegment.RST;
import static tcptrace.capture.TcpSegment.SYN;

/**
 * One client/server connection of a generated capture, planned up front (handshake, request/response exchanges,
 * an ending) and written one segment at a time so that many connections interleave in the file. Endings mix
 * orderly closes by either side (three- and four-segment), resets by either side, and retransmitted data and FINs.
 */
final class SyntheticConnection {
    private static final int CLIENT_HOSTS = 4096;
    private static final int FIRST_EPHEMERAL_PORT = 32768;
    private static final int EPHEMERAL_PORTS = 28000;
    private static final int SERVER_HOSTS = 4;
    private static final int[] SERVER_PORTS = {443, 8080};
    private static final int MAX_SEGMENT = 1448;
    private static final double DATA_RETRANSMIT_RATE = 0.06;
    private static final double FIN_RETRANSMIT_RATE = 0.05;

    private static final byte[] SYN_OPTIONS = {2, 4, 0x05, (byte) 0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7};
    private static final byte[] TIMESTAMP_OPTIONS = {1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 1};

    /** One planned segment: who sends it, its flags, and whether it repeats the sender's previous one. */
    record Step(boolean fromClient, int flags, int payload, boolean retransmit) {
    }

    private final InetAddress client;
    private final InetAddress server;
    private final int clientPort;
    private final int serverPort;
    private final List<Step> plan = new ArrayList<>();
    private final long[] nextSeq = new long[2];
    private final long[] lastSeq = new long[2];
    private int step;

    SyntheticConnection(long index, int maxExchanges, SplittableRandom random) {
        int host = (int) (index % CLIENT_HOSTS);
        client = address(10, 1, host >>> 8, host & 0xFF);
        clientPort = FIRST_EPHEMERAL_PORT + (int) ((index / CLIENT_HOSTS) % EPHEMERAL_PORTS);
        server = address(10, 0, 0, 1 + (int) (index % SERVER_HOSTS));
        serverPort = SERVER_PORTS[(int) (index % SERVER_PORTS.length)];
        nextSeq[0] = random.nextLong(1L << 32);
        nextSeq[1] = random.nextLong(1L << 32);
        planHandshake();
        // some connections carry nothing: health checks, pool warm-up, probes
        int exchanges = random.nextInt(maxExchanges + 1);
        for (int i = 0; i < exchanges; i++) {
            planExchange(random);
        }
        planEnding(random);
    }

    boolean finished() {
        return step == plan.size();
    }

    InetAddress client() {
        return client;
    }

    int clientPort() {
        return clientPort;
    }

    InetAddress server() {
        return server;
    }

    int serverPort() {
        return serverPort;
    }

    /** Writes the next planned segment; returns it. */
    Step writeNext(PcapFileWriter out, long timeNanos) throws IOException {
        Step s = plan.get(step++);
        int from = s.fromClient() ? 0 : 1;
        int to = 1 - from;
        long seq = s.retransmit() ? lastSeq[from] : nextSeq[from];
        if (!s.retransmit()) {
            lastSeq[from] = seq;
            nextSeq[from] = (seq + s.payload() + ((s.flags() & (SYN | FIN)) != 0 ? 1 : 0)) & 0xFFFFFFFFL;
        }
        FrameBuilder frame = FrameBuilder.tcp()
                .seq(seq)
                .ack((s.flags() & ACK) != 0 ? nextSeq[to] : 0)
                .flags(s.flags())
                .window(64240)
                .tcpOptions((s.flags() & SYN) != 0 ? SYN_OPTIONS : TIMESTAMP_OPTIONS)
                .payloadLength(s.payload())
                .omitPayload();
        if (s.fromClient()) {
            frame.from(client, clientPort).to(server, serverPort);
        } else {
            frame.from(server, serverPort).to(client, clientPort);
        }
        byte[] headers = frame.buildEthernet();
        out.write(timeNanos, headers, 0, headers.length, headers.length + s.payload());
        return s;
    }

    private void planHandshake() {
        plan.add(new Step(true, SYN, 0, false));
        plan.add(new Step(false, SYN | ACK, 0, false));
        plan.add(new Step(true, ACK, 0, false));
    }

    private void planExchange(SplittableRandom random) {
        data(true, 100 + random.nextInt(1300), random);
        int responseSegments = 1 + random.nextInt(3);
        for (int i = 0; i < responseSegments; i++) {
            data(false, 100 + random.nextInt(MAX_SEGMENT - 100), random);
        }
        plan.add(new Step(true, ACK, 0, false));
    }

    private void data(boolean fromClient, int length, SplittableRandom random) {
        plan.add(new Step(fromClient, PSH | ACK, length, false));
        if (random.nextDouble() < DATA_RETRANSMIT_RATE) {
            plan.add(new Step(fromClient, PSH | ACK, length, true));
        }
    }

    private void planEnding(SplittableRandom random) {
        int roll = random.nextInt(100);
        if (roll < 55) {
            fin(true, random);
            fin(false, random);
            plan.add(new Step(true, ACK, 0, false));
        } else if (roll < 70) {
            fin(true, random);
            plan.add(new Step(false, ACK, 0, false));
            fin(false, random);
            plan.add(new Step(true, ACK, 0, false));
        } else if (roll < 85) {
            fin(false, random);
            fin(true, random);
            plan.add(new Step(false, ACK, 0, false));
        } else if (roll < 93) {
            plan.add(new Step(true, RST | ACK, 0, false));
        } else {
            plan.add(new Step(false, RST | ACK, 0, false));
        }
    }

    private void fin(boolean fromClient, SplittableRandom random) {
        plan.add(new Step(fromClient, FIN | ACK, 0, false));
        if (random.nextDouble() < FIN_RETRANSMIT_RATE) {
            plan.add(new Step(fromClient, FIN | ACK, 0, true));
        }
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException impossible) {
            throw new IllegalArgumentException(impossible);
        }
    }
}
