package tcptrace.lab;

import java.net.InetSocketAddress;
import java.util.List;
import tcptrace.scenario.Side;

/** Both roles on 127.0.0.1 of the host, apart from other traffic only by the server's port. No cable to cut. */
final class LoopbackNetwork implements Network {
    private final int serverPort;

    LoopbackNetwork(int serverPort) {
        this.serverPort = serverPort;
    }

    @Override
    public InetSocketAddress serverAddress() {
        return new InetSocketAddress("127.0.0.1", serverPort);
    }

    @Override
    public List<String> on(Side side, List<String> command) {
        return command;
    }

    @Override
    public String captureInterface() {
        return "lo";
    }

    @Override
    public String captureFilter() {
        return "tcp port " + serverPort;
    }

    @Override
    public void cutCable() {
        throw new LabException("loopback has no cable to cut; this scenario needs network namespaces");
    }

    @Override
    public void restoreCable() {
        throw new LabException("loopback has no cable to cut; this scenario needs network namespaces");
    }
}
