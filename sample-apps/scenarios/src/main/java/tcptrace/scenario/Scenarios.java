package tcptrace.scenario;

import java.util.List;
import java.util.Optional;

/** Every scenario, in the order the demo shows them. */
public final class Scenarios {
    private static final List<Scenario> ALL = List.of(
            new ClientClose(),
            new ClientCloseDelayed(),
            new ServerClose(),
            new ChannelClose(),
            new NettyEpollClose(),
            new ShutdownOutput(),
            new ClientKilled(),
            new SystemExit(),
            new GcCleaner(),
            new LingerZero(),
            new UnreadData(),
            new ConnectRefused(),
            new VirtualThreadServer(),
            new RetransmissionTimeout(),
            new KeepaliveTimeout(),
            new HalfOpen(),
            new PeerRestart(),
            new StalePool());

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return ALL;
    }

    public static Optional<Scenario> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
