package tcptrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;
import tcptrace.journal.JvmJournal;
import tcptrace.journal.SegmentCursor;
import tcptrace.testapp.LeakAtExit;
import tcptrace.testapp.Races;

/** The close races of real services, on JDK 17 and 25: each connection ends in exactly one event, the right one. */
class RacesIT {
    private static final int ROUNDS = Reliability.soak() ? 300 : 12;
    private static final int LEAKED = 40;
    private static final int EXIT_RUNS = Reliability.soak() ? 20 : 3;

    @TempDir
    Path tmp;

    static Stream<String> jdks() {
        return AgentIT.jdks();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void everyRaceEndsInExactlyOneEventWithTheRightActor(String jdk) throws Exception {
        Path journal = tmp.resolve("journal");
        List<String> out;
        try (ChildJvm child = ChildJvm.start(jdk, tmp, List.of("-javaagent:" + ChildJvm.agentJar() + "=journal="
                + journal + ",off=jfr"), Races.class, String.valueOf(ROUNDS))) {
            int exit = child.awaitExit();
            assertThat(exit).as("stderr %s", child.stderr()).isZero();
            assertThat(child.stderr()).singleElement().asString().startsWith("tcptrace: tracing TCP sockets");
            out = child.stdout();
        }
        assertThat(out).last().isEqualTo("done");
        List<String> races = out.subList(0, out.size() - 1);
        assertThat(races).hasSizeGreaterThanOrEqualTo(ROUNDS * 7);
        JvmJournal j = JournalEvents.only(journal);
        assertThat(j.damages()).isEmpty();
        assertThat(j.droppedRecords()).isZero();
        assertThat(JournalEvents.closedTwice(j)).isEmpty();
        List<SocketEvent> events = JournalEvents.events(j);
        for (String line : races) {
            String[] f = line.split(" ");
            int localPort = Integer.parseInt(f[1]);
            int port = Integer.parseInt(f[2]);
            if (f[3].equals("CONNECT_FAILED")) {
                // a connection that never connected ends in CONNECT_FAILED; the CLOSEs to that port are the
                // connections that filled the listener's backlog
                List<SocketEvent> toPort = events.stream().filter(e -> e.remote() != null
                        && e.remote().port() == port).toList();
                assertThat(toPort).as(line).filteredOn(e -> e.kind() == EventKind.CONNECT_FAILED).hasSize(1);
                assertThat(toPort).as(line).filteredOn(e -> e.kind() == EventKind.CLOSE)
                        .hasSize(Races.BACKLOG_FILLERS).allMatch(e -> e.local() != null);
            } else {
                assertThat(events).as(line).filteredOn(e -> e.kind() == EventKind.CLOSE && e.local() != null
                        && e.local().port() == localPort && e.remote().port() == port)
                        .singleElement().extracting(SocketEvent::actor).isEqualTo(CloseActor.valueOf(f[3]));
            }
        }
        Reliability.record("races.tried." + jdkName(jdk), races.size());
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void cleanerClosingLeakedSocketsDuringSystemExitCostsNothing(String jdk) throws Exception {
        long cleaned = 0;
        for (int run = 0; run < EXIT_RUNS; run++) {
            Path journal = tmp.resolve("journal" + run);
            List<String> out;
            try (ChildJvm child = ChildJvm.start(jdk, tmp, List.of("-javaagent:" + ChildJvm.agentJar()
                    + "=journal=" + journal + ",off=jfr"), LeakAtExit.class, String.valueOf(LEAKED))) {
                assertThat(child.awaitExit()).as("stderr %s", child.stderr()).isEqualTo(3);
                assertThat(child.stderr()).singleElement().asString().startsWith("tcptrace: tracing TCP sockets");
                out = child.stdout();
            }
            assertThat(out).hasSize(LEAKED);
            JvmJournal j = JournalEvents.only(journal);
            assertThat(j.status()).isEqualTo(JvmJournal.Status.EXITED);
            // a thread still writing when the halt ends the exit loses that record, and only such a record
            assertThat(j.damages()).allSatisfy(d -> assertThat(d.what()).isEqualTo(SegmentCursor.TORN_BY_HALT));
            assertThat(JournalEvents.closedTwice(j)).isEmpty();
            for (String line : out) {
                int port = Integer.parseInt(line.split(" ")[1]);
                List<SocketEvent> closes = JournalEvents.closes(j, e -> e.local() != null
                        && e.local().port() == port);
                // the exit may win the race: then the kernel closes it, and no Java frame runs
                assertThat(closes).as(line).hasSizeLessThanOrEqualTo(1)
                        .allSatisfy(e -> assertThat(e.actor()).isEqualTo(CloseActor.CLEANER));
                cleaned += closes.size();
            }
        }
        Reliability.record("races.exitWithCleaner." + jdkName(jdk) + ".runs", EXIT_RUNS);
        Reliability.record("races.exitWithCleaner." + jdkName(jdk) + ".cleanerCloses", cleaned);
    }

    private static String jdkName(String jdk) {
        return jdk.equals(System.getProperty("java.home")) ? "jdk17" : "jdk25";
    }
}
