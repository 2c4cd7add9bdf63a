package tcptrace.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tcptrace.agent.event.Endpoint;
import tcptrace.agent.event.SocketEvent;
import tcptrace.correlate.ExitKind;
import tcptrace.correlate.Packet;
import tcptrace.correlate.Verdict;
import tcptrace.correlate.VerdictKind;

/**
 * The data of the HTML timeline: one object per connection (its two ends, the verdicts about it, its segments and
 * application events with times in µs since its first), as JSON that is safe inside a {@code <script>} element.
 * The segments are the evidence the correlator kept (the newest of each connection), so every connection stays small.
 */
final class TimelineJson {
    private TimelineJson() {
    }

    /** A connection as the timeline shows it: the verdicts about one pair of ends, in time order. */
    private static final class Conversation {
        final Endpoint a;
        final Endpoint b;
        final List<Verdict> verdicts = new ArrayList<>();

        Conversation(Endpoint a, Endpoint b) {
            this.a = a;
            this.b = b;
        }
    }

    static String of(List<Verdict> verdicts, Summary summary, SegmentLog log) {
        List<Conversation> conversations = group(verdicts, log);
        StringBuilder b = new StringBuilder(256 + 1024 * conversations.size());
        b.append("{\"summary\":");
        summary(b, summary);
        IdlePeers peers = new IdlePeers();
        verdicts.forEach(peers::add);
        b.append(",\"idlePeers\":");
        IdlePeersJson.append(b, peers);
        b.append(",\"connections\":[");
        for (int i = 0; i < conversations.size(); i++) {
            if (i > 0) {
                b.append(",\n");
            }
            connection(b, i, conversations.get(i), log);
        }
        b.append("]}");
        return scriptSafe(b);
    }

    /**
     * Keeps {@code </script>}, {@code <!--} and the like from ending the script element early: in JSON a '<', '>'
     * or '&' can only be inside a string, where its \\u escape means the same.
     */
    static String scriptSafe(CharSequence json) {
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static List<Conversation> group(List<Verdict> verdicts, SegmentLog log) {
        Map<String, Conversation> byPair = new LinkedHashMap<>();
        List<Verdict> sorted = new ArrayList<>(verdicts);
        sorted.sort(Comparator.comparingLong(Verdict::timeNanos));
        for (Verdict v : sorted) {
            String one = String.valueOf(v.src());
            String two = String.valueOf(v.dst());
            String key = one.compareTo(two) <= 0 ? one + " " + two : two + " " + one;
            Conversation c = byPair.get(key);
            if (c == null) {
                Endpoint first = firstSender(v, log);
                c = new Conversation(first, first.equals(v.src()) ? v.dst() : v.src());
                byPair.put(key, c);
            }
            c.verdicts.add(v);
        }
        return new ArrayList<>(byPair.values());
    }

    /** The end that sent the connection's first segment (the client, when the SYN was captured) is lane A. */
    private static Endpoint firstSender(Verdict v, SegmentLog log) {
        SegmentLog.Segments logged = log.of(v.src(), v.dst());
        if (logged != null && !logged.first().isEmpty()) {
            return logged.first().get(0).src();
        }
        return v.packets().isEmpty() ? v.src() : v.packets().get(0).src();
    }

    private static void summary(StringBuilder b, Summary s) {
        b.append("{\"packets\":").append(s.packets()).append(",\"connections\":").append(s.connections())
                .append(",\"drops\":").append(s.drops()).append(",\"notes\":[");
        List<String> lines = new ArrayList<>(s.damages());
        lines.addAll(s.notes());
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Json.string(b, lines.get(i));
        }
        b.append("]}");
    }

    private static void connection(StringBuilder b, int id, Conversation c, SegmentLog log) {
        Set<Packet> packets = new LinkedHashSet<>();
        Set<SocketEvent> events = new LinkedHashSet<>();
        for (Verdict v : c.verdicts) {
            packets.addAll(v.packets());
            events.addAll(v.events());
        }
        SegmentLog.Segments logged = log.of(c.a, c.b);
        long omitted = 0;
        if (logged != null) {
            packets.addAll(logged.all());
            omitted = logged.omitted();
        }
        List<Packet> segments = new ArrayList<>(packets);
        segments.sort(Comparator.comparingLong(Packet::timeNanos));
        long t0 = start(c, segments, events);
        b.append("{\"id\":").append(id).append(",\"a\":");
        Json.string(b, c.a.toString());
        b.append(",\"b\":");
        Json.string(b, c.b.toString());
        b.append(",\"t0\":");
        Json.string(b, Timestamps.iso(t0));
        b.append(",\"pids\":{");
        pids(b, c);
        b.append("},\"omitted\":").append(omitted).append(",\"verdicts\":[");
        for (int i = 0; i < c.verdicts.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            verdict(b, c.verdicts.get(i), t0);
        }
        b.append("],\"segments\":[");
        String[] marks = SegmentMarks.of(segments);
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            segment(b, segments.get(i), marks[i], c, t0);
        }
        b.append("],\"events\":[");
        boolean first = true;
        for (SocketEvent e : events) {
            if (!first) {
                b.append(',');
            }
            first = false;
            event(b, e, c, t0);
        }
        for (Verdict v : c.verdicts) {
            if (v.verdict() == VerdictKind.PROCESS_EXIT) {
                b.append(first ? "" : ",");
                first = false;
                processExit(b, v, c, t0);
            }
        }
        b.append("]}");
    }

    private static long start(Conversation c, List<Packet> segments, Set<SocketEvent> events) {
        long t0 = c.verdicts.get(0).timeNanos();
        for (Packet p : segments) {
            t0 = Math.min(t0, p.timeNanos());
        }
        for (SocketEvent e : events) {
            t0 = Math.min(t0, e.epochNanos());
        }
        return t0;
    }

    private static void pids(StringBuilder b, Conversation c) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (Verdict v : c.verdicts) {
            if (v.pid() != null) {
                pids.put(lane(c, v.src()), v.pid());
            }
        }
        boolean first = true;
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            b.append(first ? "" : ",").append('"').append(e.getKey()).append("\":").append(e.getValue());
            first = false;
        }
    }

    private static void verdict(StringBuilder b, Verdict v, long t0) {
        String record = JsonLinesReport.toJson(v); // the contract's record, with the time on the diagram's axis
        b.append(record, 0, record.length() - 1).append(",\"t\":").append(micros(v.timeNanos(), t0)).append('}');
    }

    private static void segment(StringBuilder b, Packet p, String mark, Conversation c, long t0) {
        b.append("{\"t\":").append(micros(p.timeNanos(), t0)).append(",\"from\":\"").append(lane(c, p.src()))
                .append("\",\"flags\":\"").append(p.flagNames()).append("\",\"len\":").append(p.payloadLength())
                .append(",\"seq\":").append(p.seq()).append(",\"mark\":");
        Json.string(b, mark);
        b.append('}');
    }

    private static void event(StringBuilder b, SocketEvent e, Conversation c, long t0) {
        b.append("{\"t\":").append(micros(e.epochNanos(), t0)).append(",\"lane\":\"").append(lane(c, e.local()))
                .append("\",\"kind\":\"").append(e.kind().name()).append("\",\"thread\":");
        Json.string(b, e.threadName());
        b.append(",\"message\":");
        Json.string(b, e.message());
        b.append(",\"stack\":[");
        for (int i = 0; i < e.stack().size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Json.string(b, e.stack().get(i));
        }
        b.append("]}");
    }

    /** The owning process ended: shown on its lane at the packet it caused, its exact time being unknown here. */
    private static void processExit(StringBuilder b, Verdict v, Conversation c, long t0) {
        b.append("{\"t\":").append(micros(v.timeNanos(), t0)).append(",\"lane\":\"").append(lane(c, v.src()))
                .append("\",\"kind\":\"EXIT\",\"thread\":null,\"message\":");
        Json.string(b, "process " + v.pid() + " " + (v.exit() == ExitKind.KILLED ? "killed" : "exited"));
        b.append(",\"stack\":[]}");
    }

    private static String lane(Conversation c, Endpoint e) {
        return c.a.equals(e == null ? null : e.canonical()) ? "a" : "b";
    }

    /** µs since the connection's first moment, with ns kept as the fraction (JS numbers hold these exactly). */
    private static String micros(long nanos, long t0) {
        long d = nanos - t0;
        return d / 1000 + "." + String.format("%03d", Math.abs(d % 1000));
    }
}
