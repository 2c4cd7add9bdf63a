package tcptrace.correlate;

import java.util.Optional;
import tcptrace.Durations;

/**
 * PROCESS_EXIT: a FIN or RST from a traced end that the application never closed, sent when its JVM ended (the
 * kernel closes every descriptor of a dying process).
 */
final class ProcessExitRule implements Rule {
    /**
     * The kernel closes a dying process's descriptors while the process still counts as running, so the last look
     * of the process watch that saw it alive may come a little after its FIN: a FIN up to this long before that look
     * still belongs to the exit. The bound is the watch's evidence (it died after that look), not the time of the
     * notice, which comes as late as the tracer runs (a paused or starved tracer notices seconds later).
     */
    static final long GONE_WINDOW_NANOS = 250_000_000L;

    @Override
    public Optional<Verdict> decide(EndContext c) {
        if (c.packet() == null || c.srcApp() == null || c.finCause() != null) {
            return Optional.empty();
        }
        TracedJvm jvm = c.srcApp().jvm();
        long t = c.timeNanos();
        String who = "the JVM (" + jvm.describe() + ")";
        switch (jvm.state()) {
            case EXITED -> {
                if (jvm.exitRecordNanos() == 0) {
                    // the header says it shut down in order, but the record with the time found no room: a packet
                    // after its last event is the kernel's, one before it came while the JVM still ran
                    return t < jvm.lastEventNanos() ? Optional.empty() : Optional.of(c.processExit(
                            ExitKind.ORDERLY, "the application never closed "
                                    + "this socket; " + who + " shut down in order (its journal was full, so when "
                                    + "the shutdown began is unknown) and the kernel closed its sockets"));
                }
                // the EXIT record is written by a shutdown hook, before the process closes its descriptors
                if (t < jvm.exitRecordNanos()) {
                    return Optional.empty();
                }
                return Optional.of(c.processExit(ExitKind.ORDERLY,
                        "the application never closed this socket; " + who + " shut down in order and the kernel "
                                + "closed its sockets: this " + c.what() + " came "
                                + Durations.human(t - jvm.exitRecordNanos()) + " after its shutdown began"));
            }
            case KILLED -> {
                boolean consistent = jvm.goneNanos() != 0 ? t >= jvm.lastSeenAliveNanos() - GONE_WINDOW_NANOS
                        : t >= jvm.lastEventNanos(); // a JVM that still wrote events after the packet was alive then
                if (!consistent) {
                    return Optional.empty();
                }
                // live, the watch saw it gone; post-mortem, the journal's missing EXIT record is all there is
                String when = jvm.goneNanos() == 0 ? "" : ": this " + c.what() + " came "
                        + Durations.human(Math.abs(jvm.goneNanos() - t))
                        + (jvm.goneNanos() >= t ? " before" : " after") + " it was seen gone";
                return Optional.of(c.processExit(ExitKind.KILLED,
                        "the application never closed this socket; " + who + " was killed or crashed (no orderly "
                                + "exit record) and the kernel closed its sockets" + when));
            }
            default -> {
                return Optional.empty();
            }
        }
    }
}
