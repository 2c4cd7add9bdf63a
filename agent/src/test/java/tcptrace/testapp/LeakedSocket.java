package tcptrace.testapp;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Connects a socket and drops it without closing: a leak. Collects garbage until the JDK's Cleaner has closed it,
 * which the accepted side sees as end-of-stream. Prints the leaked socket's port and whether it was cleaned.
 * {@code port=N} listens on that port (for a capture that filters on it), else on any.
 */
public final class LeakedSocket {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 && args[0].startsWith("port=") ? Integer.parseInt(args[0].substring(5)) : 0;
        try (ServerSocket listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            int leakedPort = leak(listener);
            try (Socket served = listener.accept()) {
                served.setSoTimeout(50);
                long deadline = System.nanoTime() + 30_000_000_000L;
                boolean cleaned = false;
                while (!cleaned && System.nanoTime() < deadline) {
                    System.gc();
                    try {
                        cleaned = served.getInputStream().read() < 0;
                    } catch (SocketTimeoutException stillOpen) {
                        // the Cleaner has not run yet
                    }
                }
                System.out.println("leaked " + leakedPort + (cleaned ? " cleaned" : " not cleaned"));
            }
        }
    }

    static int leak(ServerSocket listener) throws Exception {
        Socket s = new Socket();
        s.connect(listener.getLocalSocketAddress());
        return s.getLocalPort();
    }
}
