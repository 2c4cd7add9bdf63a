package tcptrace.testapp;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A client connects, writes, and closes; the server reads to end-of-stream and closes. Prints the 4-tuple as both
 * sides saw it and exits with code 7, so that a run with and without the agent can be compared exactly.
 */
public final class CloseAndEof {
    public static void main(String[] args) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Socket client = new Socket();
            client.setKeepAlive(true);
            client.connect(listener.getLocalSocketAddress());
            Socket served = listener.accept();
            client.getOutputStream().write("hello".getBytes());
            clientCloses(client);
            int total = readToEnd(served);
            served.close();
            System.out.println("client " + client.getLocalPort() + " server " + listener.getLocalPort());
            System.out.println("read " + total + " bytes then end of stream");
        }
        System.exit(7);
    }

    static void clientCloses(Socket client) throws Exception {
        client.close();
    }

    static int readToEnd(Socket s) throws Exception {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[64];
        int total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
        }
        return total;
    }
}
