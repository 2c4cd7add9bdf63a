package tcptrace.agent.bootstrap;

/**
 * What the probes report, implemented in the agent's class loader. Parameters are the JDK objects the advice sees
 * ({@code self} is the {@code NioSocketImpl}, {@code SocketChannelImpl} or {@code ServerSocketChannelImpl}),
 * typed with java.base types only because this interface is loaded by the bootstrap class loader.
 *
 * <p>{@code epochNanos} arguments were taken on method entry. Implementations must not throw (the probes
 * swallow anything anyway) and must not block.
 */
public interface SocketEventSink {
    /** A connect attempt ended; {@code thrown} is null when it succeeded, {@code connected} false when pending. */
    void connected(Object self, Object remote, long epochNanos, boolean connected, Throwable thrown);

    /**
     * A connect to {@code remote} failed with {@code thrown} on this thread, as the JDK reports it to the caller
     * (an asynchronous channel's failure reaches no probe otherwise: it closes the channel, then completes).
     */
    void connectFailing(Object remote, Throwable thrown);

    /** A non-blocking connect finished ({@code finishConnect}); {@code done} false while still pending. */
    void connectFinished(Object self, boolean done, Throwable thrown);

    /** {@code accepted} (a SocketImpl or a SocketChannel) is a new connection taken from the listener. */
    void accepted(Object accepted);

    void read(Object self, long n, Throwable thrown);

    void written(Object self, long n, Throwable thrown);

    /**
     * An operation of an io_uring ring on {@code self}'s connection completed with the error {@code negativeErrno}
     * (-errno, as the kernel reports it in the completion); the library has no exception for it yet.
     */
    default void ringFailed(Object self, int negativeErrno) {
    }

    /** close() was entered on an application (or interrupting) thread. */
    void closing(Object self, long epochNanos);

    /** The socket dispatcher is about to close(2) {@code fd}: the Cleaner's close when no close() announced it. */
    void descriptorClosing(Object fd);

    void shutdown(Object self, boolean output, long epochNanos);

    /**
     * The JDK read the local address of {@code fd} from the kernel, on this thread; a connect or accept that follows
     * on it may take the address from here.
     */
    void localAddressRead(Object fd, Object address);

    /** A socket option was set; {@code option} is a legacy SocketOptions int (Integer) or a SocketOption. */
    void optionSet(Object self, Object option, Object value);
}
