package tcptrace.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.instrument.netty.NettyStack;

class ThirdPartyWeavingTest {
    private final ThirdPartyWeaving weaving = new ThirdPartyWeaving(List.of(new NettyStack()), () -> null);

    @Test
    void nettysClassesAreHookedUnderTheirOwnNameAndRelocatedAtAPackageBoundary() {
        assertThat(weaving.hooked("io/netty/channel/unix/FileDescriptor")).isTrue();
        assertThat(weaving.hooked("io/grpc/netty/shaded/io/netty/channel/unix/FileDescriptor")).isTrue();
        assertThat(weaving.hooked("io/netty/channel/epoll/EpollServerSocketChannel")).isTrue();
        assertThat(weaving.mayBeHooked("io.grpc.netty.shaded.io.netty.channel.unix.Socket")).isTrue();
    }

    @Test
    void namesThatOnlyEndLikeNettysOrSitBesideItAreNot() {
        assertThat(weaving.hooked("io/netty/channel/unix/MyFileDescriptor")).isFalse();
        assertThat(weaving.hooked("com/example/xio/netty/channel/unix/Socket")).isFalse();
        assertThat(weaving.hooked("io/netty/channel/unix/Socket$1")).isFalse();
        assertThat(weaving.hooked("io/netty/channel/nio/NioEventLoop")).isFalse();
        assertThat(weaving.mayBeHooked("java.net.Socket")).isFalse();
    }
}
