package tcptrace.agent.instrument;

import net.bytebuddy.asm.Advice;
import tcptrace.agent.bootstrap.SocketProbes;

/**
 * Advice that reads nothing but the instance and its arguments, so that NioSocketImpl and SocketChannelImpl share it:
 * the end of a connection and its option changes.
 */
public final class LifecycleAdvice {
    private LifecycleAdvice() {
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
