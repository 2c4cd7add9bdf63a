package tcptrace.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bridge as inlined advice calls it: never throws, never recurses, forwards once a sink is installed. */
class SocketProbesTest {
    /** The bridge takes one sink per JVM; the tests swap what it does. */
    private static final Switchable SINK = new Switchable();

    @BeforeAll
    static void install() {
        SocketProbes.install(SINK);
    }

    @Test
    void secondInstallIsRefused() {
        assertThat(SocketProbes.installed()).isTrue();
        assertThat(SocketProbes.install(new Switchable())).isFalse();
    }

    @Test
    void aThrowingSinkNeverReachesTheCaller() {
        SINK.behaviour = () -> {
            throw new OutOfMemoryError("simulated");
        };
        assertThatCode(() -> {
            SocketProbes.closing(new Object(), SocketProbes.now());
            SocketProbes.read(new Object(), 5, null);
            SocketProbes.read(new Object(), -1, null);
            SocketProbes.written(new Object(), 0, new java.io.IOException("Broken pipe"));
            SocketProbes.connected(new Object(), null, 1, true, null);
            SocketProbes.descriptorClosing(new Object());
            SocketProbes.optionSet(new Object(), 8, true, null);
            SocketProbes.localAddressRead(new Object(), null);
        }).doesNotThrowAnyException();
        // and the guard was released on the way out
        AtomicInteger calls = new AtomicInteger();
        SINK.behaviour = calls::incrementAndGet;
        SocketProbes.closing(new Object(), 1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void whatTheSinkDoesWithSocketsIsNotReportedAgain() {
        AtomicInteger calls = new AtomicInteger();
        SINK.behaviour = () -> {
            calls.incrementAndGet();
            SocketProbes.closing(new Object(), 2); // e.g. the sink's own I/O hitting an instrumented class
        };
        SocketProbes.closing(new Object(), 1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void failedOptionChangesAreNotForwarded() {
        AtomicInteger calls = new AtomicInteger();
        SINK.behaviour = calls::incrementAndGet;
        SocketProbes.optionSet(new Object(), 8, true, new IllegalArgumentException("bad value"));
        SocketProbes.accepted(null);
        assertThat(calls).hasValue(0);
    }

    @Test
    void clockIsEpochNanoseconds() {
        long before = System.currentTimeMillis();
        long now = SocketProbes.now();
        assertThat(now / 1_000_000).isBetween(before - 1_000, System.currentTimeMillis() + 1_000);
    }

    private static final class Switchable implements SocketEventSink {
        volatile Runnable behaviour = () -> { };

        @Override
        public void connected(Object self, Object remote, long t, boolean connected, Throwable thrown) {
            behaviour.run();
        }

        @Override
        public void connectFailing(Object remote, Throwable thrown) {
            behaviour.run();
        }

        @Override
        public void connectFinished(Object self, boolean done, Throwable thrown) {
            behaviour.run();
        }

        @Override
        public void accepted(Object accepted) {
            behaviour.run();
        }

        @Override
        public void read(Object self, long n, Throwable thrown) {
            behaviour.run();
        }

        @Override
        public void written(Object self, long n, Throwable thrown) {
            behaviour.run();
        }

        @Override
        public void closing(Object self, long t) {
            behaviour.run();
        }

        @Override
        public void descriptorClosing(Object fd) {
            behaviour.run();
        }

        @Override
        public void shutdown(Object self, boolean output, long t) {
            behaviour.run();
        }

        @Override
        public void localAddressRead(Object fd, Object address) {
            behaviour.run();
        }

        @Override
        public void optionSet(Object self, Object option, Object value) {
            behaviour.run();
        }
    }
}
