package tcptrace.testapp;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Closes a connection, says so, and then waits to be killed. */
public final class CloseThenWait {
    public static void main(String[] args) throws Exception {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        Socket served = listener.accept();
        closeIt(client);
        System.out.println("closed " + client.getLocalPort());
        System.out.flush();
        Thread.sleep(60_000);
        served.close();
    }

    static void closeIt(Socket s) throws Exception {
        s.close();
    }
}
