package tcptrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.agent.event.CloseActor;
import tcptrace.agent.event.EventKind;
import tcptrace.agent.event.SocketEvent;
import tcptrace.journal.JvmJournal;
import tcptrace.testapp.ChurnUntilKilled;

/**
 * SIGKILL at a random moment of connection churn through the agent, again and again, on JDK 17 and 25: the reader
 * never returns a damaged record, and every connection whose close had returned before the kill has its CLOSE.
 */
class KillDuringChurnIT {
    private static final int KILLS = Reliability.soak() ? 100 : 10;
    private static final int THREADS = 3;
    /** The threads that write events, each of which may be cut mid-write: the churners and the echo server. */
    private static final int WRITERS = THREADS + 1;
    private static final long SEGMENT_BYTES = 8L << 20;
    private static final int SEGMENTS = 64;
    private static final Random RANDOM = new Random();

    @TempDir
    Path tmp;

    @Test
    void everyCloseThatReturnedBeforeTheKillIsInTheJournal() throws Exception {
        String jdk17 = System.getProperty("java.home");
        String jdk25 = AgentIT.jdks().toList().get(1);
        long confirmed = 0;
        long torn = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Path dir = tmp.resolve("journal" + kill);
            List<String> printed;
            long delayMillis = 100 + RANDOM.nextInt(1200);
            try (ChildJvm child = ChildJvm.start(kill % 2 == 0 ? jdk17 : jdk25, tmp, List.of("-javaagent:"
                            + ChildJvm.agentJar() + "=journal=" + dir + ",off=jfr",
                    "-D" + AgentRuntime.SEGMENT_BYTES_PROPERTY + "=" + SEGMENT_BYTES,
                    "-D" + AgentRuntime.SEGMENTS_PROPERTY + "=" + SEGMENTS), ChurnUntilKilled.class,
                    String.valueOf(THREADS))) {
                child.awaitLine("ready");
                TimeUnit.MILLISECONDS.sleep(delayMillis); // the random moment of the kill is the point
                child.kill();
                printed = child.stdout();
            }
            JvmJournal j = JournalEvents.only(dir);
            String run = "kill " + kill + " after " + delayMillis + " ms";
            assertThat(j.status()).as(run).isEqualTo(JvmJournal.Status.KILLED);
            assertThat(j.segments().get(0).generation()).as(run + ": no segment recycled").isZero();
            // each writer may have been cut in one reservation: an event, or a STACK record and its event
            assertThat(j.damages()).as(run).hasSizeLessThanOrEqualTo(2 * WRITERS);
            List<SocketEvent> events = JournalEvents.events(j);
            assertThat(events).as(run).allSatisfy(KillDuringChurnIT::wellFormed);
            assertThat(JournalEvents.closedTwice(j)).as(run).isEmpty();

            Set<String> inJournal = new HashSet<>();
            for (SocketEvent e : events) {
                if (e.kind() == EventKind.CLOSE) {
                    inJournal.add("closed " + e.local().port() + " " + e.remote().port());
                }
            }
            List<String> closed = printed.stream().filter(l -> l.startsWith("closed ")).toList();
            assertThat(closed).as(run).isNotEmpty();
            long missing = closed.stream().filter(l -> !inJournal.contains(l)).count();
            assertThat(missing).as(run + ": closes that returned before the kill but are not in the journal")
                    .isLessThanOrEqualTo(j.droppedRecords());
            confirmed += closed.size() - missing;
            torn += j.damages().size();
        }
        Reliability.record("kill.kills", KILLS);
        Reliability.record("kill.closesConfirmed", confirmed);
        Reliability.record("kill.tornRecordsSkipped", torn);
    }

    /** What an undamaged event of this churn looks like. */
    private static void wellFormed(SocketEvent e) {
        assertThat(e.kind()).isNotNull();
        assertThat(e.api()).isNotNull();
        assertThat(e.epochNanos()).isPositive();
        if (e.kind() != EventKind.CONNECT_FAILED) {
            assertThat(e.connectionId()).isPositive();
            assertThat(e.local().port()).isBetween(1, 65535);
            assertThat(e.remote().port()).isBetween(1, 65535);
        }
        if (e.kind() == EventKind.CLOSE) {
            assertThat(e.actor()).isEqualTo(CloseActor.APP);
            assertThat(e.stack()).isNotEmpty();
        }
    }
}
