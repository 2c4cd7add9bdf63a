package tcptrace.report;

import java.time.Duration;
import java.util.List;
import tcptrace.Durations;
import tcptrace.correlate.Verdict;

/**
 * The HTML page's data on peers that close idle connections: per peer its counts, idle extremes and median, the
 * sampled closes as points (seconds since the peer's first, idle seconds) for its chart, and the stale reuses shown.
 */
final class IdlePeersJson {
    private IdlePeersJson() {
    }

    static void append(StringBuilder b, IdlePeers peers) {
        b.append("{\"idleClose\":");
        Durations.appendSeconds(b, IdlePeers.IDLE_CLOSE);
        b.append(",\"leftOut\":").append(peers.peersLeftOut()).append(",\"maxPeers\":").append(IdlePeers.MAX_PEERS)
                .append(",\"peers\":[");
        List<IdlePeer> list = peers.peers();
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            peer(b, list.get(i));
        }
        b.append("]}");
    }

    private static void peer(StringBuilder b, IdlePeer p) {
        IdleSample s = p.sample();
        long t0 = Long.MAX_VALUE;
        for (int i = 0; i < s.size(); i++) {
            t0 = Math.min(t0, s.timeNanos(i));
        }
        for (Verdict v : p.reusesShown()) {
            t0 = Math.min(t0, v.timeNanos());
        }
        b.append("{\"peer\":");
        Json.string(b, p.endpoint().toString());
        b.append(",\"t0\":");
        Json.string(b, Timestamps.iso(t0));
        b.append(",\"idleCloses\":").append(p.idleCloses());
        seconds(b.append(",\"min\":"), p.minIdle());
        seconds(b.append(",\"median\":"), p.medianIdle());
        seconds(b.append(",\"max\":"), p.maxIdle());
        b.append(",\"sampled\":").append(s.capped()).append(",\"points\":[");
        for (int i = 0; i < s.size(); i++) {
            b.append(i > 0 ? ",[" : "[");
            Durations.appendSeconds(b, Duration.ofNanos(s.timeNanos(i) - t0)).append(',');
            Durations.appendSeconds(b, Duration.ofMillis(s.idleMillis(i))).append(']');
        }
        b.append("],\"reuses\":").append(p.reuses()).append(",\"reusesShown\":[");
        List<Verdict> shown = p.reusesShown();
        for (int i = 0; i < shown.size(); i++) {
            Verdict v = shown.get(i);
            b.append(i > 0 ? ",{\"time\":" : "{\"time\":");
            Json.string(b, Timestamps.iso(v.timeNanos()));
            Durations.appendSeconds(b.append(",\"t\":"), Duration.ofNanos(v.timeNanos() - t0));
            b.append(",\"by\":");
            Json.string(b, String.valueOf(v.dst()));
            b.append(",\"explanation\":");
            Json.string(b, v.explanation());
            b.append(",\"stack\":");
            strings(b, v.stack() == null ? List.of() : v.stack());
            b.append('}');
        }
        b.append("],\"advice\":");
        strings(b, p.advice());
        b.append('}');
    }

    private static void seconds(StringBuilder b, Duration d) {
        if (d == null) {
            b.append("null");
        } else {
            Durations.appendSeconds(b, d);
        }
    }

    private static void strings(StringBuilder b, List<String> values) {
        b.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Json.string(b, values.get(i));
        }
        b.append(']');
    }
}
