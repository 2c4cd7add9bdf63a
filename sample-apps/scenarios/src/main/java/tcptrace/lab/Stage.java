package tcptrace.lab;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import tcptrace.scenario.Scenario;
import tcptrace.scenario.Side;

/** What a scenario's lab-side script can do: start its roles, cut and restore the cable, let time pass. */
public final class Stage {
    private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(40);

    private final Scenario scenario;
    private final Network network;
    private final RoleLauncher launcher;
    private final Path dir;
    private final Path journalDir;
    private final Cleanup cleanup;
    private final List<String> notes = new ArrayList<>();
    /** The pids of the role processes started, by side (a restarted server has two). */
    private final Map<Side, List<Long>> pids = new ConcurrentHashMap<>();
    private int started;

    Stage(Scenario scenario, Network network, RoleLauncher launcher, Path dir, Path journalDir, Cleanup cleanup) {
        this.scenario = scenario;
        this.network = network;
        this.launcher = launcher;
        this.dir = dir;
        this.journalDir = journalDir;
        this.cleanup = cleanup;
    }

    /** Starts a role in its JVM (traced if the scenario says so) on its side of the network. */
    public RoleProcess start(Side side) {
        InetSocketAddress server = network.serverAddress();
        List<String> command = network.on(side, launcher.command(scenario, side, server, journalDir));
        Path errors = dir.resolve(side.label() + "-" + (++started) + ".err");
        RoleProcess role = RoleProcess.start(side, command, errors, cleanup);
        pids.computeIfAbsent(side, k -> new CopyOnWriteArrayList<>()).add(role.pid());
        return role;
    }

    /** The pids of the role processes started so far, by side: the truth a verdict's {@code pid} is checked against. */
    public Map<Side, List<Long>> pids() {
        return Map.copyOf(pids);
    }

    /** The common script: the server listens, the client runs, both report DONE. */
    public void runServerThenClient() {
        RoleProcess server = start(Side.SERVER);
        server.awaitSignal("LISTENING");
        RoleProcess client = start(Side.CLIENT);
        client.awaitSignal("DONE", FINISH_TIMEOUT);
        server.awaitSignal("DONE", FINISH_TIMEOUT);
    }

    public void cutCable() {
        network.cutCable();
        note("cable cut (every packet to and from the server dropped)");
    }

    public void restoreCable() {
        network.restoreCable();
        note("cable restored");
    }

    /** Lets time pass on purpose: the scenario is about what does (not) happen during this silence. */
    public void stayIdle(Duration duration) {
        note("idle for " + duration.toSeconds() + " s");
        Await.pause(duration.toMillis());
    }

    public void note(String text) {
        notes.add(text);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }
}
