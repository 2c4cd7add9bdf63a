package tcptrace.testapp;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A client bound to 127.0.0.2 connects to a listener on all addresses through 127.0.0.3, so that every address of
 * the connection differs from the listener's and from the default loopback one. Prints the client's port.
 */
public final class LoopbackAliases {
    public static void main(String[] args) throws Exception {
        try (ServerSocket listener = new ServerSocket(0)) {
            Socket client = new Socket();
            client.bind(new InetSocketAddress("127.0.0.2", 0));
            client.connect(new InetSocketAddress("127.0.0.3", listener.getLocalPort()));
            Socket served = listener.accept();
            System.out.println(client.getLocalPort() + " " + listener.getLocalPort());
            client.close();
            served.close();
        }
    }
}
