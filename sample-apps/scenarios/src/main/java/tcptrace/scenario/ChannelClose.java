package tcptrace.scenario;

import static tcptrace.lab.Teardown.fin;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import tcptrace.correlate.VerdictKind;
import tcptrace.lab.GroundTruth;

/**
 * The client uses a blocking SocketChannel, whose close takes another path through the JDK than Socket.close()
 * (SocketChannelImpl, no shutdown first); the FIN is still the application's.
 */
public final class ChannelClose implements Scenario {

    @Override
    public String name() {
        return "channel-close";
    }

    @Override
    public String summary() {
        return "the client writes and closes a SocketChannel; the server reads EOF and closes";
    }

    @Override
    public void server(Role role) throws Exception {
        Sockets.closeAfterEof(role);
    }

    @Override
    public void client(Role role) throws Exception {
        try (SocketChannel channel = SocketChannel.open(role.server())) {
            ByteBuffer hello = ByteBuffer.wrap(Sockets.HELLO);
            while (hello.hasRemaining()) {
                channel.write(hello);
            }
        }
        role.signal("DONE");
        role.park();
    }

    @Override
    public List<Expected> expected() {
        return List.of(Expected.fin(VerdictKind.APP_CLOSE, Side.CLIENT), Expected.fin(VerdictKind.APP_CLOSE, Side.SERVER));
    }

    @Override
    public void checkGround(GroundTruth truth) {
        truth.requireTeardown(fin(Side.CLIENT), fin(Side.SERVER));
    }
}
