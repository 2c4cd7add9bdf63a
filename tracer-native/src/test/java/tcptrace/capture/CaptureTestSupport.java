package tcptrace.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Shared steps of the tests that capture real packets on loopback. */
final class CaptureTestSupport {
    private static final long CAP_NET_RAW = 1L << 13;

    private CaptureTestSupport() {
    }

    /** Fails (never skips) when this JVM may not capture, saying how to run the test. */
    static void requireCapturePermission() throws IOException {
        long effective = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("CapEff:"))
                .mapToLong(line -> Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16))
                .findFirst().orElse(0);
        assertThat(effective & CAP_NET_RAW)
                .as("this test captures packets on loopback: run it as root or with CAP_NET_RAW")
                .isNotZero();
    }

    /** Waits for a condition, polling; fails with {@code what} when it does not hold in time. */
    static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /**
     * Makes one connection to {@code server} over loopback, sends five bytes, and closes the client first: with a FIN,
     * or with a RST when {@code abort} (SO_LINGER 0). Returns the client's port.
     */
    static int connectSendAndClose(ServerSocket server, boolean abort) throws IOException {
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        try (Socket accepted = server.accept()) {
            OutputStream out = client.getOutputStream();
            out.write(new byte[] {'h', 'e', 'l', 'l', 'o'});
            out.flush();
            InputStream in = accepted.getInputStream();
            byte[] received = in.readNBytes(5);
            assertThat(received).hasSize(5);
            int clientPort = client.getLocalPort();
            if (abort) {
                client.setSoLinger(true, 0);
                client.close();
            } else {
                client.close();
                assertThat(in.read()).as("the server reads the client's FIN").isEqualTo(-1);
            }
            return clientPort;
        } finally {
            client.close();
        }
    }

    static ServerSocket loopbackServer() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }
}
