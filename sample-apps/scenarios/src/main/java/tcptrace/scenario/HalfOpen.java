package tcptrace.scenario;

import java.net.Socket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;
import tcptrace.lab.RoleProcess;
import tcptrace.lab.Stage;

/**
 * The cable is cut while the connection is idle and keepalive is off. Nothing is sent, so nothing can fail: the
 * client's socket stays ESTABLISHED for as long as the process lives, and a dead peer would never be noticed.
 */
public final class HalfOpen implements Scenario {
    private static final Duration SILENCE = Duration.ofSeconds(4);

    @Override
    public String name() {
        return "half-open";
    }

    @Override
    public String summary() {
        return "cable cut while idle, keepalive off: the client stays ESTABLISHED and never finds out";
    }

    /** The lab idles for seconds, not for the default minute: the connection is at risk from shortly before. */
    @Override
    public List<String> captureOptions() {
        return List.of("--half-open-idle", (SILENCE.toSeconds() - 1) + "s");
    }

    @Override
    public boolean needsNamespaces() {
        return true;
    }

    @Override
    public Set<Side> traced() {
        return EnumSet.of(Side.CLIENT);
    }

    @Override
    public void server(Role role) throws Exception {
        Sockets.acceptAndHold(role);
    }

    @Override
    public void client(Role role) throws Exception {
        Socket socket = Sockets.connect(role);
        role.signal("CONNECTED");
        // blocked in read, as an idle pooled connection or a long-poll would be
        Sockets.readUntilEof(socket.getInputStream());
        throw new IllegalStateException("the read returned although the cable is cut");
    }

    @Override
    public void direct(Stage stage) {
        RoleProcess server = stage.start(Side.SERVER);
        server.awaitSignal("LISTENING");
        RoleProcess client = stage.start(Side.CLIENT);
        client.awaitSignal("CONNECTED");
        stage.cutCable();
        stage.stayIdle(SILENCE);
    }

    @Override
    public List<Expected> expected() {
        return List.of(Expected.withoutPacket(VerdictKind.HALF_OPEN_RISK, Side.CLIENT));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown();
        truth.requireKernelState(Side.CLIENT, "TCP_ESTABLISHED");
    }
}
