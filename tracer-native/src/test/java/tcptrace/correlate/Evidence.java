package tcptrace.correlate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.SocketEvent;

/** Feeds a correlator the way a post-mortem report does: all events first, then the packets in time order. */
final class Evidence {
    private final List<AppEvent> events = new ArrayList<>();
    private final List<Packet> packets = new ArrayList<>();
    private Predicate<Endpoint> localHost = e -> false;

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

    List<Verdict> correlate() {
        List<Verdict> out = new ArrayList<>();
        Correlator c = Correlator.postMortem(out::add, localHost);
        events.forEach(c::onAppEvent);
        packets.stream().sorted(Comparator.comparingLong(Packet::timeNanos)).forEach(c::onSegment);
        c.finish();
        return out;
    }

    static TracedJvm running(long pid) {
        return new TracedJvm(pid, pid + ".journal", TracedJvm.State.RUNNING);
    }
}
