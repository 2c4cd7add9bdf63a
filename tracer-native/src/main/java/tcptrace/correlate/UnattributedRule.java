package tcptrace.correlate;

import java.util.Locale;
import java.util.Optional;
import tcptrace.agent.event.SocketEvent;

/** UNATTRIBUTED: the last rule, for a local or traced end whose evidence falls short; it says what is missing. */
final class UnattributedRule implements Rule {
    @Override
    public Optional<Verdict> decide(EndContext c) {
        return Optional.of(c.withoutCause(VerdictKind.UNATTRIBUTED, missing(c)));
    }

    private static String missing(EndContext c) {
        if (c.packet() == null) {
            SocketEvent error = c.timeoutError();
            return "the application on " + EndContext.thread(error) + " saw \"" + error.message() + "\" but the "
                    + "capture shows no unanswered retransmissions from " + c.src();
        }
        if (c.srcApp() == null) {
            return c.src() + " is on this host or traced, but no journal or JFR evidence covers this connection";
        }
        TracedJvm jvm = c.srcApp().jvm();
        SocketEvent close = c.closeBefore();
        if (c.isRst() && close != null) {
            return "the application closed the socket on " + EndContext.thread(close) + ", but with SO_LINGER "
                    + "not 0 and no unread data visible on the wire" + (c.dstSide() != null
                    && c.dstSide().bytesSent() < 0 ? " (the capture missed the handshake, so unread bytes are unknown)"
                    : "") + "; nothing explains this RST";
        }
        return switch (jvm.state()) {
            case RUNNING -> "the application (" + jvm.describe() + ") did not close or shut down this connection "
                    + "before this " + c.what() + ", and was still running";
            case UNKNOWN -> "the application (" + jvm.describe() + ") did not close or shut down this connection "
                    + "before this " + c.what() + ", and the evidence does not say whether the JVM ended";
            default -> "the application (" + jvm.describe() + ") did not close this connection, and its end "
                    + "(" + jvm.state().name().toLowerCase(Locale.ROOT) + ") does not fit the time of this "
                    + c.what();
        };
    }
}
