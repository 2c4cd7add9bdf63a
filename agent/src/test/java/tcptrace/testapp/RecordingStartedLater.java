package tcptrace.testapp;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * One connection before any JFR recording exists in the JVM, then a recording started from inside (as jcmd
 * JFR.start would) with tcptrace's settings, and a second connection. Prints each client's local port and writes
 * the recording to the file named by the first argument; the second names the settings file.
 */
public final class RecordingStartedLater {
    public static void main(String[] args) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            System.out.println("before " + connectAndClose(listener));
            try (Recording recording = new Recording(Configuration.create(Path.of(args[1])))) {
                recording.start();
                System.out.println("during " + connectAndClose(listener));
                recording.stop();
                recording.dump(Path.of(args[0]));
            }
        }
    }

    private static int connectAndClose(ServerSocket listener) throws Exception {
        try (Socket client = new Socket()) {
            client.connect(listener.getLocalSocketAddress());
            listener.accept().close();
            return client.getLocalPort();
        }
    }
}
