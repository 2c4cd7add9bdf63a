package tcptrace.report;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import tcptrace.agent.event.Endpoint;
import tcptrace.capture.CaptureStats;
import tcptrace.capture.TcpSegment;
import tcptrace.correlate.Packet;
import tcptrace.correlate.PacketKind;
import tcptrace.correlate.Verdict;
import tcptrace.correlate.VerdictKind;

/** Connections made up for report tests: a handshake, some data, and a FIN closed by the client, each with a verdict. */
public final class SyntheticEnds {
    public static final long T0 = 1_795_000_000_000_000_000L;

    private SyntheticEnds() {
    }

    public static Endpoint ep(String address, int port) {
        try {
            return Endpoint.of(InetAddress.getByName(address), port).canonical();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The packets of connection {@code i}: client 10.1.x.y:(20000+i%40000) to 10.2.0.1:8080. */
    public static List<Packet> packets(int i) {
        Endpoint client = client(i);
        Endpoint server = ep("10.2.0.1", 8080);
        long t = T0 + i * 1_000_000L;
        List<Packet> p = new ArrayList<>();
        p.add(new Packet(t, client, server, 100, 0, TcpSegment.SYN, 0));
        p.add(new Packet(t + 10_000, server, client, 500, 101, TcpSegment.SYN | TcpSegment.ACK, 0));
        p.add(new Packet(t + 20_000, client, server, 101, 501, TcpSegment.ACK, 0));
        p.add(new Packet(t + 30_000, client, server, 101, 501, TcpSegment.PSH | TcpSegment.ACK, 5));
        p.add(new Packet(t + 40_000, client, server, 106, 501, TcpSegment.FIN | TcpSegment.ACK, 0));
        return p;
    }

    public static Endpoint client(int i) {
        return ep("10.1." + (i / 250 % 250) + "." + (i % 250 + 1), 20000 + i % 40000);
    }

    /** The client's verdict on connection {@code i}, with its packets as evidence and the given words. */
    public static Verdict verdict(int i, VerdictKind kind, String explanation, List<String> stack) {
        List<Packet> p = packets(i);
        Packet fin = p.get(p.size() - 1);
        return new Verdict(kind, fin.src(), fin.dst(), PacketKind.FIN, fin.timeNanos(), 1000L + i % 7, "main", null, null,
                stack, explanation, null, p, List.of());
    }

    public static Summary summary(List<Verdict> verdicts) {
        return new Summary(Summary.count(verdicts), verdicts.size() * 5L, verdicts.size(), CaptureStats.NONE,
                List.of(), List.of());
    }

    /** {@code n} connections, their verdicts cycling through three kinds. */
    public static List<Verdict> many(int n) {
        VerdictKind[] kinds = {VerdictKind.APP_CLOSE, VerdictKind.PEER_CLOSE, VerdictKind.PROCESS_EXIT};
        List<Verdict> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(verdict(i, kinds[i % kinds.length], "connection " + i, List.of("demo.Client.main(Client.java:21)")));
        }
        return out;
    }
}
