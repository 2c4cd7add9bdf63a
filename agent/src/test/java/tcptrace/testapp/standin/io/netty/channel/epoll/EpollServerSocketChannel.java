package tcptrace.testapp.standin.io.netty.channel.epoll;

/**
 * Named like Netty's epoll server channel under a relocation prefix, as a shaded copy would be, but without the
 * {@code newChildChannel} the agent hooks: a version of Netty whose hook point is not where the agent expects.
 */
public final class EpollServerSocketChannel {
    public String accept() {
        return "accepted without the hook";
    }
}
