package tcptrace.testapp;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Leaks {@code args[0]} connected sockets, then exits with code 3 while another thread keeps collecting garbage: the
 * Cleaner closes leaked sockets while the JVM shuts down. Prints {@code leaked <port>} for each.
 */
public final class LeakAtExit {
    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        ServerSocket listener = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        List<Socket> served = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            System.out.println("leaked " + leak(listener));
            served.add(listener.accept());
        }
        Thread collector = new Thread(() -> {
            while (true) {
                System.gc();
            }
        }, "collector");
        collector.setDaemon(true);
        collector.start();
        System.gc();
        System.exit(3);
    }

    static int leak(ServerSocket listener) throws Exception {
        Socket s = new Socket();
        s.connect(listener.getLocalSocketAddress());
        return s.getLocalPort();
    }
}
