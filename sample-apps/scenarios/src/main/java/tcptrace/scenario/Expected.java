package tcptrace.scenario;

import java.util.Objects;
import tcptrace.correlate.VerdictKind;

/**
 * One verdict record a scenario knows must appear: the fields of the JSON verdict record (DESIGN §8) that follow
 * from what the scenario did, with {@code src} named by its role instead of its address.
 *
 * @param packet {@code "FIN"}, {@code "RST"}, or null for a connection end without a packet
 * @param exit {@code "orderly"}, {@code "killed"}, or null
 * @param reason {@code "no-socket"}, {@code "refused"}, or null
 */
public record Expected(VerdictKind verdict, Side src, String packet, String exit, String reason) {

    public Expected {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(src, "src");
    }

    public static Expected fin(VerdictKind verdict, Side src) {
        return new Expected(verdict, src, "FIN", null, null);
    }

    public static Expected rst(VerdictKind verdict, Side src) {
        return new Expected(verdict, src, "RST", null, null);
    }

    public static Expected withoutPacket(VerdictKind verdict, Side src) {
        return new Expected(verdict, src, null, null, null);
    }

    public Expected exit(String processExit) {
        return new Expected(verdict, src, packet, processExit, reason);
    }

    public Expected reason(String peerReason) {
        return new Expected(verdict, src, packet, exit, peerReason);
    }

    /** Whether the verdict names a traced process at src: the record carries that process's pid. */
    public boolean namesAProcess() {
        return carriesAStack() || verdict == VerdictKind.PROCESS_EXIT;
    }

    /** Whether the record carries the stack of the call behind it (for a cleaner close: where it was opened). */
    public boolean carriesAStack() {
        return switch (verdict) {
            case APP_CLOSE, APP_SHUTDOWN_OUTPUT, APP_ABORT, GC_CLEANER_CLOSE -> true;
            default -> false;
        };
    }

    /** The thread a verdict's record must name, when the verdict fixes it; else null. */
    public String thread() {
        return verdict == VerdictKind.GC_CLEANER_CLOSE ? "Common-Cleaner" : null;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(verdict.name()).append(' ').append(src.label())
                .append(' ').append(packet == null ? "(no packet)" : packet);
        if (exit != null) {
            text.append(" exit=").append(exit);
        }
        if (reason != null) {
            text.append(" reason=").append(reason);
        }
        return text.toString();
    }
}
