package tcptrace.e2e.libs;

import io.netty.channel.Channel;

/** Netty client and server on one transport: an echo, then the client closes its channel; the server follows. */
final class NettyRun implements LibraryRun {
    private final NettyTransport transport;

    NettyRun(NettyTransport transport) {
        this.transport = transport;
    }

    @Override
    public void run(int port) throws Exception {
        try (NettyEcho echo = new NettyEcho(transport, port)) {
            Channel client = echo.connect(port);
            echo.exchange(client);
            client.close().sync();
            Waits.until("the server to close its end", () -> echo.openConnections() == 0);
        }
    }
}
