package tcptrace.correlate;

import java.util.Locale;
import java.util.Optional;
import tcptrace.agent.event.SocketEvent;

/**
 * UNATTRIBUTED: the last rule, for a local or traced end whose evidence falls short; it says what is missing. An end
 * of this host is never "the peer": without an event of its own it comes here, naming its owner where the kernel
 * said which process held the socket.
 */
final class UnattributedRule implements Rule {
    @Override
    public Optional<Verdict> decide(EndContext c) {
        return Optional.of(c.unattributed(missing(c)));
    }

    /** An end of this host that no traced JVM recorded: what the kernel said of its socket, if it was asked. */
    private static String unrecorded(EndContext c) {
        LocalSrc local = c.srcLocal();
        String here = c.src() + " is " + local.where().where();
        if (local.owner() != null && local.ownerJvm() != null) {
            return here + ": " + local.owner().describe() + " is traced but recorded nothing for this connection: "
                    + "it " + (c.isRst() ? "reset the connection" : "closed the socket")
                    + " through a path the agent does not see";
        }
        if (local.owner() != null) {
            return here + ": " + local.owner().describe() + " is not traced (it holds this socket), so nothing says "
                    + "why it sent this " + c.what();
        }
        String untraced = here + " but no traced JVM recorded this connection: its owner is not traced, or "
                + (c.isRst() ? "reset it" : "closed it") + " through a path the agent does not see";
        return local.kernelAsked() ? untraced + "; the socket was gone before the kernel could say who held it"
                : untraced;
    }

    private static String missing(EndContext c) {
        if (c.packet() == null) {
            SocketEvent error = c.timeoutError();
            return "the application on " + EndContext.thread(error) + " saw \"" + error.message() + "\" but the "
                    + "capture shows no unanswered retransmissions from " + c.src();
        }
        if (c.srcApp() == null) {
            return unrecorded(c);
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
