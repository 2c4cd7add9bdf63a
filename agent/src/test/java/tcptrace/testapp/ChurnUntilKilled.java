package tcptrace.testapp;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;

/**
 * {@code args[0]} threads connect to an echo server, exchange a few bytes and close, as fast as they can, until
 * the process is killed. After each close returns, prints {@code closed <local port> <server port>}: a connection
 * printed was closed before the kill, so its CLOSE must be in the journal.
 */
public final class ChurnUntilKilled {
    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        EchoServer server = EchoServer.start();
        int port = server.port();
        for (int t = 0; t < threads; t++) {
            Thread churn = new Thread(() -> {
                byte[] b = new byte[16];
                try {
                    while (true) {
                        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                        OutputStream out = s.getOutputStream();
                        InputStream in = s.getInputStream();
                        out.write(b);
                        in.readNBytes(b.length);
                        s.close();
                        System.out.println("closed " + s.getLocalPort() + " " + port);
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(1);
                }
            }, "churn-" + t);
            churn.start();
        }
        System.out.println("ready");
    }
}
