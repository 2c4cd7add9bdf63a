package tcptrace.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The start-up workload of a networked program: one loopback connection, one byte each way, closed, then the end.
 * With the agent it is where the JDK's socket classes are first loaded, so it shows what weaving them costs.
 */
public final class FirstConnection {
    private FirstConnection() {
    }

    public static void main(String[] args) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            OutputStream out = client.getOutputStream();
            InputStream in = accepted.getInputStream();
            out.write(1);
            accepted.getOutputStream().write(in.read());
            if (client.getInputStream().read() != 1) {
                throw new IOException("the echo was lost");
            }
        }
        System.out.println("one connection, closed");
    }
}
