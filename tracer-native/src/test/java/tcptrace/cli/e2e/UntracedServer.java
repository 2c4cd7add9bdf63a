package tcptrace.cli.e2e;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A server in a plain JVM, without the agent: it accepts one connection, reads until the client's FIN or until the
 * connection has been idle for the given time (as servers with an idle timeout do), then closes it and exits. Prints
 * "listening PORT" once it listens.
 */
public final class UntracedServer {
    private UntracedServer() {
    }

    public static void main(String[] args) throws Exception {
        int idleMillis = Integer.parseInt(args[0]);
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.out.println("listening " + listener.getLocalPort());
            System.out.flush();
            try (Socket s = listener.accept()) {
                s.setSoTimeout(idleMillis);
                InputStream in = s.getInputStream();
                try {
                    while (in.read() != -1) {
                        // until the client's FIN
                    }
                } catch (SocketTimeoutException idle) {
                    // the idle timeout: the server closes first
                }
            }
        }
    }
}
