package tcptrace.scenario;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tcptrace.lab.GroundTruth;
import tcptrace.lab.Stage;

/**
 * One way a TCP connection ends, with its truth known in advance. The client and server methods run in their own
 * JVMs; {@link #direct} runs in the lab and drives them (start, cut the cable, kill); {@link #expected} and
 * {@link #checkGround} state what must be seen, derived from what the scenario does.
 */
public interface Scenario {

    /** Short name used on the command line: {@code tcptrace demo client-close}. */
    String name();

    /** One sentence: what the scenario does. */
    String summary();

    /** Scenarios that cut the cable or lower kernel timers cannot run on loopback. */
    default boolean needsNamespaces() {
        return false;
    }

    /** Lowest feature release of the traced JVM that can run the scenario. */
    default int minimumJava() {
        return 17;
    }

    /** Which roles run with the agent; an untraced end is "the peer" in the verdicts. */
    default Set<Side> traced() {
        return EnumSet.allOf(Side.class);
    }

    /**
     * Where the closing stacks of its traced ends start being application code: the scenario's own classes, unless
     * a library's own thread runs its closes.
     */
    default String closingFrame() {
        return "tcptrace.scenario.";
    }

    /**
     * The thread that runs the closing calls of the traced end at {@code side}: the role's own main thread, unless
     * the scenario hands its connection to another; null where a library names that thread.
     */
    default String closingThread(Side side) {
        return "main";
    }

    /** Options the lab adds to {@code tcptrace capture} for this scenario, e.g. a threshold its timing needs. */
    default List<String> captureOptions() {
        return List.of();
    }

    void server(Role role) throws Exception;

    void client(Role role) throws Exception;

    /** The lab side of the script; the default starts the server, then the client, and waits for both to finish. */
    default void direct(Stage stage) throws Exception {
        stage.runServerThenClient();
    }

    /** Every verdict record the scenario's connection must produce, and no others. */
    List<Expected> expected();

    /** Checks the packets and the kernel's own account, independently of tcptrace; throws when they disagree. */
    void checkGround(GroundTruth truth);
}
