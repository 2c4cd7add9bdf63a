package tcptrace.correlate;

import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.RST;
import static tcptrace.capture.TcpSegment.SYN;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.agent.event.SocketOptionsSnapshot;

/**
 * Builds one TCP conversation between a client and a server, packet by packet, with the sequence numbers a real
 * stack would use, plus the socket events either JVM would journal. Time is explicit: each call names its instant
 * in microseconds from an arbitrary epoch base.
 */
final class Conversation {
    static final long BASE_NANOS = 1_795_000_000_000_000_000L;

    final Endpoint client;
    final Endpoint server;
    private long clientSeq;
    private long serverSeq;
    final List<Packet> packets = new ArrayList<>();

    Conversation(Endpoint client, Endpoint server, long clientIsn, long serverIsn) {
        this.client = client;
        this.server = server;
        this.clientSeq = clientIsn;
        this.serverSeq = serverIsn;
    }

    static Endpoint endpoint(String ip, int port) {
        try {
            return Endpoint.of(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static long at(long micros) {
        return BASE_NANOS + micros * 1_000L;
    }

    Conversation handshake(long micros) {
        send(true, micros, SYN, 0);
        send(false, micros + 10, SYN | ACK, 0);
        send(true, micros + 20, ACK, 0);
        return this;
    }

    /** A segment from the client ({@code fromClient}) or the server; payload and flags advance its sequence. */
    Packet send(boolean fromClient, long micros, int flags, int payload) {
        long seq = fromClient ? clientSeq : serverSeq;
        long ack = (flags & ACK) != 0 ? (fromClient ? serverSeq : clientSeq) : 0;
        Packet p = new Packet(at(micros), fromClient ? client : server, fromClient ? server : client, seq, ack, flags,
                payload);
        long advance = payload + ((flags & (SYN | FIN)) != 0 ? 1 : 0);
        if ((flags & RST) == 0) {
            if (fromClient) {
                clientSeq = (clientSeq + advance) & 0xFFFF_FFFFL;
            } else {
                serverSeq = (serverSeq + advance) & 0xFFFF_FFFFL;
            }
        }
        packets.add(p);
        return p;
    }

    /** Sends again a segment already sent: same sequence number, later time. */
    Packet resend(Packet p, long micros) {
        Packet again = new Packet(at(micros), p.src(), p.dst(), p.seq(), p.ack(), p.flags(), p.payloadLength());
        packets.add(again);
        return again;
    }

    /** A keepalive probe: one below the next sequence number, no payload. */
    Packet keepaliveProbe(boolean fromClient, long micros) {
        long seq = ((fromClient ? clientSeq : serverSeq) - 1) & 0xFFFF_FFFFL;
        Packet p = new Packet(at(micros), fromClient ? client : server, fromClient ? server : client, seq,
                fromClient ? serverSeq : clientSeq, ACK, 0);
        packets.add(p);
        return p;
    }

    long nextSeq(boolean fromClient) {
        return fromClient ? clientSeq : serverSeq;
    }

    /** An event of the client's JVM ({@code clientSide}) or the server's, about this connection. */
    SocketEvent event(boolean clientSide, EventKind kind, long micros, long connectionStartMicros, String thread,
                      CloseActor actor, long bytesRead, SocketOptionsSnapshot options, String message,
                      List<String> stack) {
        return new SocketEvent(kind, at(micros), clientSide ? 1 : 2, at(connectionStartMicros), SocketApi.SOCKET,
                clientSide ? client : server, clientSide ? server : client, 1, thread, false, actor, bytesRead, 0,
                options, message, stack);
    }

    SocketEvent simple(boolean clientSide, EventKind kind, long micros, long startMicros, String thread) {
        return event(clientSide, kind, micros, startMicros, thread,
                kind == EventKind.CLOSE ? CloseActor.APP : CloseActor.NONE, 0, SocketOptionsSnapshot.DEFAULTS, null,
                kind.hasStack() ? List.of("java.net.Socket.close(Socket.java:1592)", "demo.Client.main(Client.java:21)")
                        : List.of());
    }
}
