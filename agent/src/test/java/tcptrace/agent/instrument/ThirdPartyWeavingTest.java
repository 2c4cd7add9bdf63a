package tcptrace.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tcptrace.agent.instrument.netty.NettyStack;
import tcptrace.agent.instrument.uring.UringStack;

class ThirdPartyWeavingTest {
    private final ThirdPartyWeaving weaving = new ThirdPartyWeaving(List.of(new NettyStack(), new UringStack()),
            () -> null);

    @Test
    void nettysClassesAreHookedUnderTheirOwnNameAndRelocatedAtAPackageBoundary() {
        assertThat(weaving.hooked("io/netty/channel/unix/FileDescriptor")).isTrue();
        assertThat(weaving.hooked("io/grpc/netty/shaded/io/netty/channel/unix/FileDescriptor")).isTrue();
        assertThat(weaving.hooked("io/netty/channel/epoll/EpollServerSocketChannel")).isTrue();
        assertThat(weaving.mayBeHooked("io.grpc.netty.shaded.io.netty.channel.unix.Socket")).isTrue();
    }

    @Test
    void ioUringsClassesAndTheirInnerUnsafesAreHookedRelocatedToo() {
        assertThat(weaving.hooked("io/netty/channel/uring/AbstractIoUringChannel")).isTrue();
        assertThat(weaving.hooked("io/netty/channel/uring/AbstractIoUringChannel$AbstractUringUnsafe")).isTrue();
        assertThat(weaving.hooked("io/grpc/netty/shaded/io/netty/channel/uring/"
                + "AbstractIoUringStreamChannel$IoUringStreamUnsafe")).isTrue();
        assertThat(weaving.hooked("shaded/io/netty/channel/uring/IoUringServerSocketChannel")).isTrue();
        assertThat(weaving.mayBeHooked("io.netty.channel.uring.IoUringSocketChannel")).isTrue();
        // the concrete classes inherit the woven methods: they are not woven themselves
        assertThat(weaving.hooked("io/netty/channel/uring/IoUringSocketChannel")).isFalse();
        assertThat(weaving.hooked("io/netty/incubator/channel/uring/AbstractIoUringChannel")).isFalse();
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
