package tcptrace.lab;

import tcptrace.scenario.Side;

/**
 * Which packets and kernel events belong to one scenario: those between its client and server addresses that touch
 * the server's port. The side of an endpoint follows from that port (on loopback both ends share 127.0.0.1).
 */
record Scope(String clientIp, String serverIp, int serverPort) {

    /**
     * An event of the server's listening socket: a RST that the kernel sends for a segment that found only the
     * listener (no connection) is traced with the listener's own endpoints, the remote one unspecified.
     */
    boolean isListener(String srcIp, int srcPort, int dstPort) {
        return srcIp.equals(serverIp) && srcPort == serverPort && dstPort == 0;
    }

    boolean contains(String srcIp, int srcPort, String dstIp, int dstPort) {
        boolean addresses = (srcIp.equals(clientIp) && dstIp.equals(serverIp))
                || (srcIp.equals(serverIp) && dstIp.equals(clientIp));
        return addresses && (srcPort == serverPort || dstPort == serverPort);
    }

    Side sideOf(String ip, int port) {
        return ip.equals(serverIp) && port == serverPort ? Side.SERVER : Side.CLIENT;
    }
}
