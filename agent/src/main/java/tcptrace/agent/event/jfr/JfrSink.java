package tcptrace.agent.event.jfr;

import jdk.jfr.FlightRecorder;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.SocketEvent;
import tcptrace.agent.event.SocketOptionsSnapshot;
import tcptrace.agent.sink.EventSink;

/** Commits each event as its {@code tcptrace.*} JFR event; cheap when no recording asks for them. */
public final class JfrSink implements EventSink {
    @Override
    public void accept(SocketEvent e) {
        // Until a recording has been started in this JVM nothing could record the event, and the first use of an
        // event class would make JFR set up its metadata and generate a writer (about 70 ms on the application's
        // thread). A recording started later (jcmd JFR.start) initializes JFR, and the events flow from then on.
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        TcpEvent ev = switch (e.kind()) {
            case CONNECT -> new ConnectEvent();
            case CONNECT_FAILED -> new ConnectFailedEvent();
            case ACCEPT -> new AcceptEvent();
            case CLOSE -> new CloseEvent();
            case SHUTDOWN_OUTPUT -> new ShutdownOutputEvent();
            case SHUTDOWN_INPUT -> new ShutdownInputEvent();
            case EOF -> new EofEvent();
            case ERROR -> new ErrorEvent();
            case OPTIONS -> new OptionsEvent();
        };
        if (!ev.shouldCommit()) {
            return;
        }
        fill(ev, e);
        ev.commit();
    }

    @Override
    public void shutdown(long epochNanos) {
        // JFR writes the recording the agent started (dump on exit); nothing to do here
    }

    private void fill(TcpEvent ev, SocketEvent e) {
        ev.wallClockNanos = e.epochNanos();
        ev.connectionId = e.connectionId();
        ev.connectionStartNanos = e.connectionStartNanos();
        ev.api = e.api().name();
        Endpoint local = e.local();
        Endpoint remote = e.remote();
        ev.localAddress = local == null ? null : local.hostAddress();
        ev.localPort = local == null ? -1 : local.port();
        ev.remoteAddress = remote == null ? null : remote.hostAddress();
        ev.remotePort = remote == null ? -1 : remote.port();
        ev.threadName = e.threadName();
        ev.threadId = e.threadId();
        ev.virtualThread = e.virtualThread();
        ev.actor = e.actor().name();
        ev.bytesRead = e.bytesRead();
        ev.bytesWritten = e.bytesWritten();
        SocketOptionsSnapshot o = e.options();
        ev.keepAlive = o.keepAlive();
        ev.keepIdle = o.keepIdle();
        ev.keepInterval = o.keepInterval();
        ev.keepCount = o.keepCount();
        ev.linger = o.linger();
        ev.soTimeout = o.soTimeout();
        ev.message = e.message();
        // the one text field, joined once per stack rather than on every close
        ev.stack = e.stack().text();
    }
}
