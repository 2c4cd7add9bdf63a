package tcptrace.correlate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.SocketEvent;
import tcptrace.os.SocketOwnerLookup;

/** Feeds a correlator the way a post-mortem report does: all events first, then the packets in time order. */
final class Evidence {
    private final List<AppEvent> events = new ArrayList<>();
    private final List<Packet> packets = new ArrayList<>();
    private Predicate<Endpoint> localHost = e -> false;
    private SocketOwnerLookup owners = SocketOwnerLookup.NONE;
    private final List<TracedJvm> tracing = new ArrayList<>();

    Evidence events(TracedJvm jvm, SocketEvent... es) {
        for (SocketEvent e : es) {
            events.add(new AppEvent(jvm, e));
        }
        return this;
    }

    Evidence packets(List<Packet> ps) {
        packets.addAll(ps);
        return this;
    }

    Evidence localHost(Predicate<Endpoint> p) {
        localHost = p;
        return this;
    }

    /** The kernel's view of who owns the sockets, as a live capture has it. */
    Evidence owners(SocketOwnerLookup lookup) {
        owners = lookup;
        return this;
    }

    /** A traced JVM known before any event of its. */
    Evidence tracing(TracedJvm jvm) {
        tracing.add(jvm);
        return this;
    }

    List<Verdict> correlate() {
        List<Verdict> out = new ArrayList<>();
        Correlator c = Correlator.postMortem(out::add, localHost, owners);
        tracing.forEach(c::tracing);
        events.forEach(c::onAppEvent);
        packets.stream().sorted(Comparator.comparingLong(Packet::timeNanos)).forEach(c::onSegment);
        c.finish();
        return out;
    }

    static TracedJvm running(long pid) {
        return new TracedJvm(pid, pid + ".journal", TracedJvm.State.RUNNING);
    }
}
