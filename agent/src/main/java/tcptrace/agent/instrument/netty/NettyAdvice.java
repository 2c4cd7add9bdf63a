package tcptrace.agent.instrument.netty;

import java.net.StandardSocketOptions;
import net.bytebuddy.asm.Advice;
import tcptrace.agent.bootstrap.SocketProbes;

/**
 * Advice woven into Netty's classes, where the application's loaders define them: the bodies call the bootstrap
 * bridge and java.base only, and take Netty's objects as Object, so that nothing of the agent is linked into those
 * loaders and a relocated copy of Netty takes the same advice. The socket reported is always Netty's
 * {@code unix.Socket} (a {@code unix.FileDescriptor}): one object per connection, the key of its state.
 */
public final class NettyAdvice {
    private NettyAdvice() {
    }

    /** {@code Socket.connect(SocketAddress)}: true when connected at once, false while the SYN is out. */
    public static final class ConnectAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return SocketProbes.now();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object self, @Advice.Argument(0) Object remote,
                                @Advice.Enter long epochNanos, @Advice.Return boolean connected,
                                @Advice.Thrown Throwable thrown) {
            SocketProbes.connected(self, remote, epochNanos, connected, thrown);
        }
    }

    /** {@code Socket.finishConnect()}: true once connected; a refusal is thrown here. */
    public static final class FinishConnectAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object self, @Advice.Return boolean done,
                                @Advice.Thrown Throwable thrown) {
            SocketProbes.connectFinished(self, done, thrown);
        }
    }

    /** A read that returns its count, -1 at the end of the stream; a reset is thrown, without a stack of its own. */
    public static final class ReadAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object self, @Advice.Return long n, @Advice.Thrown Throwable thrown) {
            SocketProbes.read(self, n, thrown);
        }
    }

    /** A write that returns its count, an int or (gathering) a long. */
    public static final class WriteAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object self, @Advice.Return long n, @Advice.Thrown Throwable thrown) {
            SocketProbes.written(self, n, thrown);
        }
    }

    /**
     * {@code FileDescriptor.close()}: every Netty descriptor ends here (a channel's {@code doClose()} last of all,
     * after its deregistration), and close(2) sends the FIN, or the RST under SO_LINGER 0, from inside it.
     */
    public static final class DescriptorCloseAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object self) {
            SocketProbes.closing(self, SocketProbes.now());
        }
    }

    /** {@code Socket.shutdown(boolean read, boolean write)}, behind every half-close of Netty's channels. */
    public static final class ShutdownAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object self, @Advice.Argument(0) boolean read,
                                 @Advice.Argument(1) boolean write) {
            long now = SocketProbes.now();
            if (write) {
                SocketProbes.shutdown(self, true, now);
            }
            if (read) {
                SocketProbes.shutdown(self, false, now);
            }
        }
    }

    public static final class LingerAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object self, @Advice.Argument(0) int seconds,
                                @Advice.Thrown Throwable thrown) {
            SocketProbes.optionSet(self, StandardSocketOptions.SO_LINGER, Integer.valueOf(seconds), thrown);
        }
    }

    public static final class KeepAliveAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object self, @Advice.Argument(0) boolean on,
                                @Advice.Thrown Throwable thrown) {
            SocketProbes.optionSet(self, StandardSocketOptions.SO_KEEPALIVE, Boolean.valueOf(on), thrown);
        }
    }

    /** A server channel's {@code newChildChannel(...)}: the accepted connection's channel, or a throwable. */
    public static final class AcceptAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Return Object child) {
            SocketProbes.accepted(child);
        }
    }
}
