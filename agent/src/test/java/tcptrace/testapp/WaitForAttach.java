package tcptrace.testapp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Opens a connection, waits for a line on stdin (the agent is attached meanwhile), then closes it. */
public final class WaitForAttach {
    public static void main(String[] args) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
            Socket served = listener.accept();
            System.out.println("ready " + ProcessHandle.current().pid() + " " + client.getLocalPort() + " "
                    + listener.getLocalPort());
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in)).readLine();
            closeAfterAttach(client);
            served.close();
            System.out.println("closed");
        }
    }

    static void closeAfterAttach(Socket s) throws Exception {
        s.close();
    }
}
