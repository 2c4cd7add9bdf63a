package tcptrace.bench;

import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.RST;
import static tcptrace.capture.TcpSegment.SYN;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.agent.event.SocketOptionsSnapshot;
import tcptrace.journal.JournalWriter;

/**
 * The journal a JVM tracing both ends of every generated connection would have written: the client's connect
 * before its SYN, the server's accept after the handshake, each end's close just before its FIN, and an abortive
 * close (SO_LINGER=0) before a RST, the other end's close after it. Written by the agent's own writer, in large
 * segments of a ring that never recycles, so that the journal covers the whole capture.
 */
final class JournalOfSynthetic implements AutoCloseable {
    private static final long SEGMENT_BYTES = 64L << 20;
    private static final int MAX_SEGMENTS = 1024;
    /** A close is stamped when the call begins, a little before the kernel sends its FIN. */
    private static final long CLOSE_LEAD_NANOS = 300;
    private static final SocketOptionsSnapshot OPENED = new SocketOptionsSnapshot(0, 7200, 75, 9, -1, 0);
    private static final SocketOptionsSnapshot LINGER_ZERO = new SocketOptionsSnapshot(0, 7200, 75, 9, 0, 0);
    private static final List<String> CLIENT_CLOSE = List.of("java.net.Socket.close(Socket.java:1592)",
            "bench.Client.call(Client.java:42)", "bench.Client.run(Client.java:30)");
    private static final List<String> SERVER_CLOSE = List.of("java.net.Socket.close(Socket.java:1592)",
            "bench.Server.handle(Server.java:57)", "bench.Server.run(Server.java:33)");

    private final JournalWriter writer;
    private long lastNanos;

    private JournalOfSynthetic(JournalWriter writer) {
        this.writer = writer;
    }

    static JournalOfSynthetic open(Path dir) throws IOException {
        return new JournalOfSynthetic(JournalWriter.open(dir, false, SEGMENT_BYTES, MAX_SEGMENTS, msg -> { }));
    }

    /** Writes what the ends of {@code c} did around the segment {@code s} sent at {@code nanos}. */
    void around(long index, SyntheticConnection c, SyntheticConnection.Step s, long nanos) {
        lastNanos = nanos;
        if (s.retransmit()) {
            return;
        }
        Endpoint client = Endpoint.of(c.client(), c.clientPort());
        Endpoint server = Endpoint.of(c.server(), c.serverPort());
        long clientId = 2 * index + 1;
        long serverId = 2 * index + 2;
        int f = s.flags();
        if (f == SYN) {
            write(event(EventKind.CONNECT, nanos - CLOSE_LEAD_NANOS, clientId, client, server, "client", OPENED,
                    List.of()));
        } else if (f == (SYN | ACK)) {
            write(event(EventKind.ACCEPT, nanos + 1, serverId, server, client, "server", OPENED, List.of()));
        } else if ((f & FIN) != 0) {
            write(s.fromClient() ? event(EventKind.CLOSE, nanos - CLOSE_LEAD_NANOS, clientId, client, server,
                    "client", OPENED, CLIENT_CLOSE) : event(EventKind.CLOSE, nanos - CLOSE_LEAD_NANOS, serverId,
                    server, client, "server", OPENED, SERVER_CLOSE));
        } else if ((f & RST) != 0) {
            SocketEvent abort = s.fromClient() ? event(EventKind.CLOSE, nanos - CLOSE_LEAD_NANOS, clientId, client,
                    server, "client", LINGER_ZERO, CLIENT_CLOSE) : event(EventKind.CLOSE, nanos - CLOSE_LEAD_NANOS,
                    serverId, server, client, "server", LINGER_ZERO, SERVER_CLOSE);
            write(abort);
            // the other end reads the reset and closes its socket
            write(s.fromClient() ? event(EventKind.CLOSE, nanos + 1, serverId, server, client, "server", OPENED,
                    SERVER_CLOSE) : event(EventKind.CLOSE, nanos + 1, clientId, client, server, "client", OPENED,
                    CLIENT_CLOSE));
        }
    }

    private static SocketEvent event(EventKind kind, long nanos, long id, Endpoint local, Endpoint remote,
                                     String thread, SocketOptionsSnapshot options, List<String> stack) {
        return new SocketEvent(kind, nanos, id, 0, SocketApi.SOCKET, local, remote, id, thread, false,
                kind == EventKind.CLOSE ? CloseActor.APP : CloseActor.NONE, 0, 0, options, null, stack);
    }

    /** Waits for the writer's standby segment first: a roll without one would drop the record. */
    private void write(SocketEvent e) {
        try {
            if (!writer.awaitStandby(30_000_000_000L)) {
                throw new IllegalStateException("no journal segment ready within 30 s in " + writer.currentFile());
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the journal", interrupted);
        }
        writer.writeEvent(e);
    }

    @Override
    public void close() throws IOException {
        writer.writeExit(lastNanos + 1_000_000);
        long dropped = writer.dropped();
        writer.close();
        if (dropped > 0) {
            throw new IOException("the journal dropped " + dropped + " records: it would not cover the capture");
        }
    }
}
