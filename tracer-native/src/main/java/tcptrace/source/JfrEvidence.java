package tcptrace.source;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import tcptrace.InputException;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;
import tcptrace.agent.event.SocketEvent;
import tcptrace.agent.event.SocketOptionsSnapshot;
import tcptrace.correlate.AppEvent;
import tcptrace.correlate.TracedJvm;

/** A JFR recording written by the agent: its tcptrace.* events become socket events. */
public final class JfrEvidence {
    private JfrEvidence() {
    }

    private static final Map<String, EventKind> KINDS = Map.of(
            "tcptrace.Connect", EventKind.CONNECT,
            "tcptrace.ConnectFailed", EventKind.CONNECT_FAILED,
            "tcptrace.Accept", EventKind.ACCEPT,
            "tcptrace.Close", EventKind.CLOSE,
            "tcptrace.ShutdownOutput", EventKind.SHUTDOWN_OUTPUT,
            "tcptrace.ShutdownInput", EventKind.SHUTDOWN_INPUT,
            "tcptrace.Eof", EventKind.EOF,
            "tcptrace.Error", EventKind.ERROR,
            "tcptrace.Options", EventKind.OPTIONS);

    /**
     * The JVM's pid comes from jdk.JVMInformation; an orderly exit from jdk.Shutdown (a killed JVM leaves no dump,
     * so a recording without it is of unknown fate).
     */
    public static AppEvidence read(Path file) throws InputException {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such JFR file");
        }
        List<RecordedEvent> socketEvents = new ArrayList<>();
        long pid = -1;
        long shutdownNanos = 0;
        try (RecordingFile r = new RecordingFile(file)) {
            while (r.hasMoreEvents()) {
                RecordedEvent e = r.readEvent();
                String name = e.getEventType().getName();
                if (KINDS.containsKey(name)) {
                    socketEvents.add(e);
                } else if (name.equals("jdk.JVMInformation") && e.hasField("pid")) {
                    pid = e.getLong("pid");
                } else if (name.equals("jdk.Shutdown")) {
                    shutdownNanos = e.getStartTime().getEpochSecond() * 1_000_000_000L + e.getStartTime().getNano();
                }
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such JFR file");
        } catch (IOException | RuntimeException e) {
            throw new InputException(file + ": not a readable JFR recording (" + e.getMessage() + ")", e);
        }
        TracedJvm jvm = new TracedJvm(pid, file.getFileName().toString(), TracedJvm.State.UNKNOWN);
        if (shutdownNanos != 0) {
            jvm.exitRecord(shutdownNanos);
        }
        List<AppEvent> events = new ArrayList<>();
        List<String> damages = new ArrayList<>();
        for (RecordedEvent e : socketEvents) {
            String actor = string(e, "actor");
            if (actor != null && !isKnown(CloseActor.class, actor)) {
                // who closed is the heart of a close's verdict: an actor this reader does not know is no application
                damages.add(file + ": " + e.getEventType().getName() + " at " + e.getLong("wallClockNanos")
                        + " ns names the close actor \"" + actor + "\", unknown to this tcptrace (a newer agent?); "
                        + "the event is not used");
                continue;
            }
            events.add(new AppEvent(jvm, toSocketEvent(e, file)));
        }
        List<String> notes = pid < 0 ? List.of(file + ": the recording does not name its pid") : List.of();
        return new AppEvidence(List.of(jvm), events, damages, notes);
    }

    private static <E extends Enum<E>> boolean isKnown(Class<E> type, String name) {
        for (E c : type.getEnumConstants()) {
            if (c.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    static SocketEvent toSocketEvent(RecordedEvent e, Path file) throws InputException {
        String stack = string(e, "stack");
        return new SocketEvent(KINDS.get(e.getEventType().getName()), e.getLong("wallClockNanos"),
                e.getLong("connectionId"), e.getLong("connectionStartNanos"), enumOf(SocketApi.class, string(e, "api"),
                SocketApi.UNKNOWN),
                endpoint(string(e, "localAddress"), e.getInt("localPort"), file),
                endpoint(string(e, "remoteAddress"), e.getInt("remotePort"), file),
                e.getLong("threadId"), string(e, "threadName"), e.getBoolean("virtualThread"),
                enumOf(CloseActor.class, string(e, "actor"), CloseActor.NONE), e.getLong("bytesRead"),
                e.getLong("bytesWritten"),
                new SocketOptionsSnapshot(e.getInt("keepAlive"), e.getInt("keepIdle"), e.getInt("keepInterval"),
                        e.getInt("keepCount"), e.getInt("linger"), e.getInt("soTimeout")),
                string(e, "message"), stack == null || stack.isEmpty() ? List.of() : List.of(stack.split("\n")));
    }

    private static String string(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getString(field) : null;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String name, E fallback) {
        try {
            return name == null ? fallback : Enum.valueOf(type, name);
        } catch (IllegalArgumentException unknown) {
            return fallback;
        }
    }

    private static Endpoint endpoint(String literal, int port, Path file) throws InputException {
        if (literal == null || literal.isEmpty()) {
            return null;
        }
        if (!literal.matches("[0-9a-fA-F:.]+")) {
            throw new InputException(file + ": address \"" + literal + "\" is not an IP literal");
        }
        try {
            return Endpoint.of(InetAddress.getByName(literal), port).canonical(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new InputException(file + ": address \"" + literal + "\" is not an IP literal");
        }
    }
}
