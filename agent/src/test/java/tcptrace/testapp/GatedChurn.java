package tcptrace.testapp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;

/**
 * Prints {@code ready}, waits for a line on stdin (the test breaks the journal meanwhile), then echoes through
 * {@code args[0]} short connections, prints their count and checksum, and exits with code 7: the same output with
 * or without the agent, whatever happened to its journal.
 */
public final class GatedChurn {
    public static void main(String[] args) throws Exception {
        int connections = Integer.parseInt(args[0]);
        try (EchoServer server = EchoServer.start()) {
            System.out.println("ready");
            new BufferedReader(new InputStreamReader(System.in)).readLine();
            long sum = 0;
            for (int i = 0; i < connections; i++) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                    sum += EchoLoad.exchange(s, i);
                }
            }
            server.awaitClosed(connections, 60_000);
            System.out.println("churned " + connections + " checksum " + Long.toHexString(sum));
        }
        System.exit(7);
    }
}
