package tcptrace.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.InputException;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketApi;

class JfrEvidenceTest {
    @TempDir
    Path tmp;

    /** The agent's event, as the schema describes it: the same name and fields. */
    @Name("tcptrace.Close")
    static final class CloseEvent extends Event {
        long wallClockNanos;
        long connectionId;
        long connectionStartNanos;
        String api;
        String localAddress;
        int localPort;
        String remoteAddress;
        int remotePort;
        String threadName;
        long threadId;
        boolean virtualThread;
        String actor;
        long bytesRead;
        long bytesWritten;
        int keepAlive;
        int keepIdle;
        int keepInterval;
        int keepCount;
        int linger;
        int soTimeout;
        String message;
        String stack;
    }

    @Test
    void schemaFieldsBecomeASocketEvent() throws Exception {
        Path file = recordClose("APP");

        AppEvidence ev = JfrEvidence.read(file);

        assertThat(ev.damages()).isEmpty();
        assertThat(ev.jvms()).singleElement().satisfies(j -> assertThat(j.pid()).isEqualTo(ProcessHandle.current().pid()));
        assertThat(ev.events()).singleElement().satisfies(a -> {
            var s = a.event();
            assertThat(s.kind()).isEqualTo(EventKind.CLOSE);
            assertThat(s.epochNanos()).isEqualTo(1_795_000_000_123_456_789L);
            assertThat(s.api()).isEqualTo(SocketApi.SOCKET);
            assertThat(s.local().toString()).isEqualTo("10.9.0.1:40000");
            assertThat(s.remote().toString()).isEqualTo("10.9.0.2:8080");
            assertThat(s.actor()).isEqualTo(CloseActor.APP);
            assertThat(s.options().linger()).isZero();
            assertThat(s.stack()).containsExactly("java.net.Socket.close(Socket.java:1592)",
                    "demo.Client.main(Client.java:21)");
        });
    }

    @Test
    void aCloseActorUnknownToThisReaderIsDamageNotAnApplicationClose() throws Exception {
        Path file = recordClose("VIRTUAL_THREAD_UNMOUNT");

        AppEvidence ev = JfrEvidence.read(file);

        assertThat(ev.events()).isEmpty();
        assertThat(ev.damages()).singleElement().asString().startsWith(file + ": tcptrace.Close at "
                + "1795000000123456789 ns names the close actor \"VIRTUAL_THREAD_UNMOUNT\", unknown to this tcptrace");
    }

    /** A recording with one tcptrace.Close of this actor, as the agent writes it. */
    private Path recordClose(String actor) throws Exception {
        Path file = tmp.resolve("rec-" + actor + ".jfr");
        try (Recording r = new Recording()) {
            r.enable(CloseEvent.class);
            r.enable("jdk.JVMInformation"); // the pid comes from here, as in recordings made with default.jfc
            r.start();
            CloseEvent e = new CloseEvent();
            e.wallClockNanos = 1_795_000_000_123_456_789L;
            e.connectionId = 7;
            e.connectionStartNanos = 1_795_000_000_000_000_000L;
            e.api = "SOCKET";
            e.localAddress = "10.9.0.1";
            e.localPort = 40000;
            e.remoteAddress = "10.9.0.2";
            e.remotePort = 8080;
            e.threadName = "main";
            e.threadId = 1;
            e.actor = actor;
            e.bytesRead = 10;
            e.bytesWritten = 20;
            e.keepAlive = 0;
            e.keepIdle = -1;
            e.keepInterval = -1;
            e.keepCount = -1;
            e.linger = 0;
            e.soTimeout = 0;
            e.stack = "java.net.Socket.close(Socket.java:1592)\ndemo.Client.main(Client.java:21)";
            e.commit();
            r.stop();
            r.dump(file);
        }
        return file;
    }

    @Test
    void aFileThatIsNoRecordingIsOneLineError() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.jfr"), "nope");
        assertThatThrownBy(() -> JfrEvidence.read(junk)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(junk + ": not a readable JFR recording");
    }
}
