package tcptrace.testapp;

import java.io.BufferedReader;
import java.io.InputStreamReader;

/**
 * The echo server as a process of its own: prints {@code server <port>}, then waits for a line {@code <n>} on
 * stdin, waits until n connections have ended, prints {@code closed <n>} and exits.
 */
public final class EchoServerMain {
    private static final long WAIT_MILLIS = 120_000;

    public static void main(String[] args) throws Exception {
        try (EchoServer server = EchoServer.start()) {
            System.out.println("server " + server.port());
            String line = new BufferedReader(new InputStreamReader(System.in)).readLine();
            long n = Long.parseLong(line.trim());
            server.awaitClosed(n, WAIT_MILLIS);
            System.out.println("closed " + n);
        }
    }
}
