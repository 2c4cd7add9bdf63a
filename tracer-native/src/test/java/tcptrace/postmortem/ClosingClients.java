package tcptrace.postmortem;

import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.SYN;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.capture.FrameBuilder;
import tcptrace.capture.LinkType;
import tcptrace.capture.PcapFileWriter;
import tcptrace.journal.JournalFormat;
import tcptrace.journal.JournalWriter;

/**
 * A traced client that makes {@code count} connections to an untraced server one after another, {@link #SPACING_NANOS}
 * apart, and closes each 1 ms after its handshake; the server closes 1 ms later. Known verdicts: APP_CLOSE for
 * each client FIN, PEER_CLOSE for each server FIN.
 */
final class ClosingClients {
    static final long T0 = 1_795_000_000_000_000_000L;
    static final long SPACING_NANOS = 3_000_000L;
    private static final String CLIENT = "10.9.0.1";
    private static final String SERVER = "10.9.0.2";
    private static final int FIRST_PORT = 10_000;

    private final int count;

    ClosingClients(int count) {
        this.count = count;
    }

    private static long start(int i) {
        return T0 + i * SPACING_NANOS;
    }

    /** Writes the capture as {@code files.size()} files of consecutive connections, the first part in the first file. */
    void writeCapture(List<Path> files) throws IOException {
        int perFile = (count + files.size() - 1) / files.size();
        for (int f = 0; f < files.size(); f++) {
            try (PcapFileWriter w = PcapFileWriter.create(files.get(f), LinkType.ETHERNET, 128)) {
                for (int i = f * perFile; i < Math.min(count, (f + 1) * perFile); i++) {
                    int port = FIRST_PORT + i % 50_000;
                    long t = start(i);
                    w.write(t, frame(true, port, 100, 0, SYN));
                    w.write(t + 10_000, frame(false, port, 500, 101, SYN | ACK));
                    w.write(t + 20_000, frame(true, port, 101, 501, ACK));
                    w.write(t + 1_000_000, frame(true, port, 101, 501, FIN | ACK));
                    w.write(t + 2_000_000, frame(false, port, 501, 102, FIN | ACK));
                    w.write(t + 2_010_000, frame(true, port, 102, 502, ACK));
                }
            }
        }
    }

    private static byte[] frame(boolean fromClient, int port, long seq, long ack, int flags) {
        return FrameBuilder.tcp().from(fromClient ? CLIENT : SERVER, fromClient ? port : 8080)
                .to(fromClient ? SERVER : CLIENT, fromClient ? 8080 : port).seq(seq).ack(ack).flags(flags)
                .buildEthernet();
    }

    /**
     * Writes the client JVM's journal into {@code dir} in segments of {@code segmentBytes}, and its EXIT record after
     * the last connection; returns the first segment.
     */
    Path writeJournal(Path dir, long segmentBytes) throws IOException, InterruptedException {
        try (JournalWriter w = JournalWriter.open(dir, false, segmentBytes, Integer.MAX_VALUE, msg -> {
            throw new AssertionError(msg);
        })) {
            Path first = w.currentFile();
            for (int i = 0; i < count; i++) {
                long t = start(i);
                int port = FIRST_PORT + i % 50_000;
                write(w, event(EventKind.CONNECT, t - 5_000, i, port));
                write(w, event(EventKind.CLOSE, t + 959_000, i, port));
            }
            w.writeExit(start(count));
            return first;
        }
    }

    /** A segment that fills before its standby is ready drops the record (counted: damage): each waits for one. */
    private static void write(JournalWriter w, SocketEvent e) throws InterruptedException {
        if (!w.awaitStandby(30_000_000_000L) || !w.writeEvent(e)) {
            throw new AssertionError("no standby segment within 30 s, or the record was dropped");
        }
    }

    private static SocketEvent event(EventKind kind, long nanos, int i, int port) throws IOException {
        return new SocketEvent(kind, nanos, i + 1L, start(i) - 5_000, SocketApi.SOCKET,
                Endpoint.of(InetAddress.getByName(CLIENT), port), Endpoint.of(InetAddress.getByName(SERVER), 8080),
                1, "main", false, kind == EventKind.CLOSE ? CloseActor.APP : CloseActor.NONE, 0, 0, null, null,
                kind == EventKind.CLOSE ? List.of("java.net.Socket.close(Socket.java:1592)",
                        "demo.Client.main(Client.java:21)") : List.of());
    }

    /** The smallest segments the writer takes: a few hundred records each, so that the connections span many. */
    static long smallSegments() {
        return JournalFormat.HEADER_SIZE + JournalFormat.MAX_RECORD;
    }
}
