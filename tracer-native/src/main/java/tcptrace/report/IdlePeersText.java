package tcptrace.report;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import tcptrace.Durations;
import tcptrace.correlate.Verdict;

/** The text report's section on peers that close idle connections and the stale reuses they answered. */
final class IdlePeersText {
    /** Frames printed of a stale reuse's stack: the library's and the application's are near the top. */
    static final int FRAMES = 12;

    private IdlePeersText() {
    }

    static void print(PrintWriter out, IdlePeers peers) {
        if (peers.isEmpty()) {
            return;
        }
        out.println();
        out.println("peers that closed idle connections (a FIN after " + Durations.human(
                IdlePeers.IDLE_CLOSE.toNanos()) + " or more without data) or answered a stale reuse with a RST:");
        for (IdlePeer p : peers.peers()) {
            out.println("  " + p.endpoint() + ": " + closes(p) + "; " + p.reuses()
                    + (p.reuses() == 1 ? " stale reuse" : " stale reuses"));
            List<Verdict> shown = p.reusesShown();
            for (Verdict v : shown) {
                out.println("    stale reuse at " + Timestamps.iso(v.timeNanos()) + " by " + v.dst() + ": "
                        + v.explanation());
                stack(out, v.stack());
            }
            if (p.reuses() > shown.size()) {
                out.println("    (" + (p.reuses() - shown.size()) + " more stale reuses; the first " + shown.size()
                        + " are shown)");
            }
            for (String advice : p.advice()) {
                out.println("    to avoid them: " + advice);
            }
        }
        if (peers.peersLeftOut() > 0) {
            out.println("  (" + peers.peersLeftOut() + " more idle closes or stale reuses, of peers beyond the first "
                    + IdlePeers.MAX_PEERS + ", are not summarised)");
        }
    }

    private static String closes(IdlePeer p) {
        if (p.idleCloses() == 0) {
            return "no idle closes seen";
        }
        IdleSample s = p.sample();
        return p.idleCloses() + (p.idleCloses() == 1 ? " idle close" : " idle closes") + " (idle min " + seconds(p.minIdle()) + ", median " + seconds(p.medianIdle())
                + (s.capped() ? " of a sample of " + s.size() : "") + ", max " + seconds(p.maxIdle()) + ")";
    }

    private static String seconds(Duration d) {
        return Durations.seconds(d) + " s";
    }

    private static void stack(PrintWriter out, List<String> frames) {
        if (frames == null || frames.isEmpty()) {
            out.println("      (no stack: the application's end is not traced)");
            return;
        }
        for (int i = 0; i < Math.min(FRAMES, frames.size()); i++) {
            out.println("      at " + frames.get(i));
        }
        if (frames.size() > FRAMES) {
            out.println("      (" + (frames.size() - FRAMES) + " more frames)");
        }
    }
}
