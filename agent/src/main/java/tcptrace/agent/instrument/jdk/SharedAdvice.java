package tcptrace.agent.instrument.jdk;

import net.bytebuddy.asm.Advice;
import tcptrace.agent.bootstrap.SocketProbes;

/**
 * Advice for the methods that NioSocketImpl and SocketChannelImpl have in the same shape: a blocking connect, a read
 * or write that returns its count, a write whose count is its third argument, and the end of a connection and its
 * options.
 */
public final class SharedAdvice {
    private SharedAdvice() {
    }

    /** A connect that returns only once connected: no throwable means connected. */
    public static final class BlockingConnectAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return SocketProbes.now();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object self, @Advice.Argument(0) Object remote,
                                @Advice.Enter long epochNanos, @Advice.Thrown Throwable thrown) {
            SocketProbes.connected(self, remote, epochNanos, thrown == null, thrown);
        }
    }

    /** A read that returns its count, an int or (scattering) a long: the int is widened. */
    public static final class ReadAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object self, @Advice.Return long n, @Advice.Thrown Throwable thrown) {
            SocketProbes.read(self, n, thrown);
        }
    }

    /** A write that returns its count, an int or (gathering) a long: the int is widened. */
    public static final class WriteAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object self, @Advice.Return long n, @Advice.Thrown Throwable thrown) {
            SocketProbes.written(self, n, thrown);
        }
    }

    /** {@code write(byte[], int off, int len)} and its kin: all of {@code len} is written unless it throws. */
    public static final class WriteLengthAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object self, @Advice.Argument(2) int len,
                                @Advice.Thrown Throwable thrown) {
            SocketProbes.written(self, len, thrown);
        }
    }

    public static final class CloseAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object self) {
            SocketProbes.closing(self, SocketProbes.now());
        }
    }

    public static final class ShutdownOutputAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object self) {
            SocketProbes.shutdown(self, true, SocketProbes.now());
        }
    }

    public static final class ShutdownInputAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object self) {
            SocketProbes.shutdown(self, false, SocketProbes.now());
        }
    }

    public static final class OptionAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object self, @Advice.Argument(0) Object option,
                                @Advice.Argument(1) Object value, @Advice.Thrown Throwable thrown) {
            SocketProbes.optionSet(self, option, value, thrown);
        }
    }
}
