package tcptrace.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardSocketOptions;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import tcptrace.agent.event.SocketOptionsSnapshot;

class SocketOptionChangeTest {
    private static final SocketOptionsSnapshot FRESH = SocketOptionsSnapshot.DEFAULTS;

    @Test
    void legacyConstantsAsSocketSettersPassThem() {
        assertThat(SocketOptionChange.apply(FRESH, SocketOptionChange.LEGACY_SO_KEEPALIVE, true).keepAlive())
                .isEqualTo(1);
        assertThat(SocketOptionChange.apply(FRESH, SocketOptionChange.LEGACY_SO_TIMEOUT, 500).soTimeout())
                .isEqualTo(500);
        // Socket.setSoLinger(true, 0) passes 0, setSoLinger(false, x) passes Boolean.FALSE
        SocketOptionsSnapshot abort = SocketOptionChange.apply(FRESH, SocketOptionChange.LEGACY_SO_LINGER, 0);
        assertThat(abort.linger()).isZero();
        assertThat(SocketOptionChange.apply(abort, SocketOptionChange.LEGACY_SO_LINGER, false).linger())
                .isEqualTo(-1);
    }

    @Test
    void socketOptionObjectsIncludingTheKeepaliveTimers() {
        SocketOptionsSnapshot s = FRESH;
        s = SocketOptionChange.apply(s, StandardSocketOptions.SO_KEEPALIVE, true);
        s = SocketOptionChange.apply(s, ExtendedSocketOptions.TCP_KEEPIDLE, 10);
        s = SocketOptionChange.apply(s, ExtendedSocketOptions.TCP_KEEPINTERVAL, 3);
        s = SocketOptionChange.apply(s, ExtendedSocketOptions.TCP_KEEPCOUNT, 4);
        s = SocketOptionChange.apply(s, StandardSocketOptions.SO_LINGER, -5);
        assertThat(s).isEqualTo(new SocketOptionsSnapshot(1, 10, 3, 4, -1, 0));
    }

    @Test
    void otherOptionsLeaveTheSnapshotAlone() {
        assertThat(SocketOptionChange.apply(FRESH, StandardSocketOptions.TCP_NODELAY, true)).isSameAs(FRESH);
        assertThat(SocketOptionChange.apply(FRESH, StandardSocketOptions.SO_RCVBUF, 1 << 16)).isSameAs(FRESH);
        assertThat(SocketOptionChange.apply(FRESH, 0x0001, true)).isSameAs(FRESH); // TCP_NODELAY, legacy
        assertThat(SocketOptionChange.apply(FRESH, SocketOptionChange.LEGACY_SO_TIMEOUT, "x")).isSameAs(FRESH);
    }
}
