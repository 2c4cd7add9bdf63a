package tcptrace.testapp.standin.io.netty.channel.uring;

/**
 * Named like Netty's io_uring server channel under a relocation prefix, as a shaded copy would be, but without the
 * {@code newChildChannel(int, ByteBuffer)} the agent hooks: a version whose hook point is not where it expects.
 */
public final class IoUringServerSocketChannel {
    public String accept() {
        return "accepted without the hook";
    }
}
