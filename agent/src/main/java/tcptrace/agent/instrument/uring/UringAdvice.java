package tcptrace.agent.instrument.uring;

import net.bytebuddy.asm.Advice;
import tcptrace.agent.bootstrap.SocketProbes;

/**
 * Advice woven into Netty's io_uring classes, where the application's loaders define them: the bodies call the
 * bootstrap bridge and java.base only, and take Netty's objects as Object, so that nothing of the agent is linked
 * into those loaders and a relocated copy takes the same advice. The object reported is the channel or its unsafe;
 * the agent finds the channel's {@code LinuxSocket} from either, the key of the connection's state.
 */
public final class UringAdvice {
    /** What a completion carries when its operation was cancelled (by a close): no evidence of the connection. */
    static final int ECANCELED = -125;
    /** A write the socket had no room for: Netty retries it. */
    static final int EAGAIN = -11;
    /** A file region's splice, whose two stages (file to pipe, pipe to socket) would count each byte twice. */
    static final byte IORING_OP_SPLICE = 30;

    private UringAdvice() {
    }

    /** {@code submitConnect(InetSocketAddress)}: the connect goes to the ring; its completion comes later. */
    public static final class ConnectAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return SocketProbes.now();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object channel, @Advice.Argument(0) Object remote,
                                @Advice.Enter long epochNanos, @Advice.Thrown Throwable thrown) {
            SocketProbes.connected(channel, remote, epochNanos, false, thrown);
        }
    }

    /** The connect completed and the channel is active. */
    public static final class ConnectedAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object unsafe) {
            SocketProbes.connectFinished(unsafe, true, null);
        }
    }

    /** The connect failed with Netty's exception (refused, unreachable, ...). */
    public static final class ConnectFailedAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object unsafe, @Advice.Argument(1) Throwable cause) {
            SocketProbes.connectFinished(unsafe, false, cause);
        }
    }

    /**
     * The unsafe's {@code close(promise, cause, closeCause)}, with the caller's stack, and {@code doClose()}, where
     * only a close that did not pass through the former is new: the agent reports the first of a channel's closes.
     */
    public static final class CloseAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object self) {
            SocketProbes.closing(self, SocketProbes.now());
        }
    }

    /** A read's completion: its byte count, 0 at the end of the stream, a negative errno (thrown next by Netty). */
    public static final class ReadCompleteAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object unsafe, @Advice.Argument(1) int res) {
            if (res > 0) {
                SocketProbes.read(unsafe, res, null);
            } else if (res == 0) {
                SocketProbes.read(unsafe, -1, null);
            }
        }
    }

    /** A read failed: Netty's exception, of the errno, without a stack of its own. */
    public static final class ReadErrorAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object unsafe, @Advice.Argument(2) Throwable cause) {
            SocketProbes.read(unsafe, 0, cause);
        }
    }

    /** A write's completion: its byte count, or a negative errno, which Netty turns into its exception. */
    public static final class WriteCompleteAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object unsafe, @Advice.Argument(0) byte op,
                                 @Advice.Argument(1) int res) {
            if (op == IORING_OP_SPLICE) {
                return;
            }
            if (res > 0) {
                SocketProbes.written(unsafe, res, null);
            } else if (res < 0 && res != ECANCELED && res != EAGAIN) {
                SocketProbes.ringFailed(unsafe, res);
            }
        }
    }

    /** The server channel's {@code newChildChannel(fd, address)}: the accepted connection's channel. */
    public static final class AcceptAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Return Object child) {
            SocketProbes.accepted(child);
        }
    }
}
