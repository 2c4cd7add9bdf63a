package tcptrace.cli.e2e;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A client that ends its connection one way, run in a child JVM under the agent. Prints "connected PORT" once
 * connected, so the test knows its endpoint (and when to kill it).
 */
public final class ScenarioClient {
    /** Asks {@link ScenarioServer} to send data back. */
    static final int SEND_ME_DATA = 'D';

    private ScenarioClient() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1]));
        System.out.println("connected " + s.getLocalPort());
        System.out.flush();
        switch (mode) {
            case "close" -> {
                s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                s.close();
            }
            case "linger0" -> {
                s.setSoLinger(true, 0);
                s.close();
            }
            case "exit" -> System.exit(0);
            case "kill" -> Thread.sleep(120_000);
            case "shutdown" -> {
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                while (in.read() != -1) {
                    // until the server's FIN
                }
                s.close();
            }
            case "unread" -> {
                s.getOutputStream().write(SEND_ME_DATA);
                while (s.getInputStream().available() == 0) {
                    Thread.sleep(5);
                }
                s.close();
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }
}
