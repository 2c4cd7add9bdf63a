package tcptrace.journal;

import java.util.List;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.agent.event.SocketOptionsSnapshot;

final class JournalTestEvents {
    private JournalTestEvents() {
    }

    /** One list for every event, as the agent shares one per place a socket is closed from. */
    static final List<String> FRAMES = List.of("java.net.Socket.close(Socket.java:1592)",
            "demo.Client.main(Client.java:21)");

    static SocketEvent close(long id) {
        return close(id, FRAMES);
    }

    static SocketEvent close(long id, List<String> frames) {
        return new SocketEvent(EventKind.CLOSE, 1_700_000_000_123_456_789L + id, id, 1_700_000_000_000_000_000L,
                SocketApi.SOCKET, new Endpoint(new byte[] {127, 0, 0, 1}, 40000 + (int) (id % 1000)),
                new Endpoint(new byte[] {127, 0, 0, 1}, 8080), 1, "main", false, CloseActor.APP, 100, 200,
                SocketOptionsSnapshot.DEFAULTS.withLinger(0), null, frames);
    }
}
