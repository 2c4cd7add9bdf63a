package tcptrace.correlate;

import tcptrace.Durations;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;

/**
 * A peer's RST that answers data the other end wrote after the peer's own FIN: the connection sat idle, the peer
 * closed it, a pool kept it and the application wrote its next request on it. Found from the wire alone; the
 * application's side (where it met the failure) comes from its journal when it is traced.
 */
final class StaleReuse {
    private final EndContext c;
    private final Side peer;
    private final Packet reuse;

    private StaleReuse(EndContext c, Side peer, Packet reuse) {
        this.c = c;
        this.peer = peer;
        this.reuse = reuse;
    }

    /** The stale reuse this RST answers, or null when it answers something else. */
    static StaleReuse of(EndContext c) {
        Side peer = c.srcSide();
        Packet answered = c.answered();
        if (peer == null || peer.finNanos() == 0 || answered == null || answered.payloadLength() == 0
                || c.idleNanos() < 0) {
            return null;
        }
        // the peer sends no data after its FIN: data on the wire after it is the other end's, the reuse
        long lastData = c.timeNanos() - c.idleNanos();
        return answered.timeNanos() > peer.finNanos() && lastData > peer.finNanos()
                ? new StaleReuse(c, peer, answered) : null;
    }

    /**
     * Where the application met the dead connection: the ERROR it got ("Connection reset", "Broken pipe"), or, when
     * it read end-of-stream instead (the peer's FIN is ahead of the RST in its receive queue, so a read returns -1
     * first, as in Apache HttpClient's classic I/O), the close it then made; when it read neither (a database
     * driver reads the server's own farewell message), the close that followed; null when no journal shows any.
     */
    SocketEvent failure() {
        AppConnection app = c.dstApp();
        if (app == null) {
            return null;
        }
        SocketEvent error = app.firstAtOrAfter(peer.finNanos(), EventKind.ERROR);
        SocketEvent eof = app.firstAtOrAfter(peer.finNanos(), EventKind.EOF);
        if (error != null && (eof == null || error.epochNanos() <= eof.epochNanos())) {
            return error;
        }
        return app.firstAtOrAfter(eof == null ? peer.finNanos() : eof.epochNanos(), EventKind.CLOSE);
    }

    String explanation(SocketEvent failure) {
        String idle = peer.idleAtFinNanos() < 0 ? ""
                : " after the connection had been idle for " + Durations.human(peer.idleAtFinNanos());
        return c.src() + " is not traced: the connection was reused after the peer closed it: the peer sent its FIN"
                + idle + ", " + c.dst() + " wrote " + reuse.payloadLength() + " bytes on it "
                + Durations.human(reuse.timeNanos() - peer.finNanos()) + " after that FIN, and the peer answered "
                + "with this RST " + Durations.human(c.timeNanos() - reuse.timeNanos()) + " later" + met(failure);
    }

    private String met(SocketEvent failure) {
        if (failure == null) {
            return c.dstApp() == null ? "" : "; the journal of " + c.dst() + " shows no error or close after the peer's FIN";
        }
        String frame = Verdict.topApplicationFrame(failure.stack());
        SocketEvent eof = c.dstApp().firstAtOrAfter(peer.finNanos(), EventKind.EOF);
        String how = failure.kind() == EventKind.ERROR ? "got \"" + failure.message() + "\""
                : eof != null && eof.epochNanos() <= failure.epochNanos()
                ? "read end-of-stream, then closed the connection" : "closed the connection";
        return "; the application on " + EndContext.thread(failure) + " " + how
                + (frame == null ? "" : " at " + frame);
    }
}
