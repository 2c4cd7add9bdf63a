package tcptrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a running {@code tcptrace capture} (often root) exposes: no listening socket, and a packet file cut to the
 * headers unless asked otherwise.
 */
class CaptureFootprintIT {
    private static final String LISTEN = "0A";
    private static final int PCAP_HEADER = 24;
    private static final int PCAP_RECORD_HEADER = 16;
    private static final int PAYLOAD = 16 * 1024;
    /** Ethernet, IPv6 with a few extension headers, TCP with every option: what "headers only" must still hold. */
    private static final int HEADERS_ONLY = 256;

    @TempDir
    Path tmp;

    @Test
    void runningCaptureListensNowhereAndKeepsOnlyHeaders() throws Exception {
        requireRoot();
        Path pcap = tmp.resolve("out.pcap");
        Process capture = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar(), "capture", "-i", "lo", "-w", pcap.toString(), "--duration", "20s",
                "--journal-dir", tmp.resolve("journals").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("capture.out").toFile()).start();
        try {
            awaitFile(pcap, capture);
            Set<Integer> listening = new HashSet<>();
            // while it captures, traffic goes by with payloads far larger than any header
            for (int round = 0; round < 5; round++) {
                exchangeOnLoopback();
                listening.addAll(listeningPorts(capture.pid()));
            }
            assertThat(listening).as("ports the capture process listens on").isEmpty();
        } finally {
            capture.destroy();
            assertThat(capture.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        List<int[]> records = records(pcap);
        int snaplen = snaplen(pcap);
        assertThat(snaplen).isBetween(54, HEADERS_ONLY);
        assertThat(records).as("captured records").isNotEmpty()
                .allSatisfy(r -> assertThat(r[0]).isLessThanOrEqualTo(snaplen))
                .anySatisfy(r -> assertThat(r[1]).isGreaterThan(HEADERS_ONLY));
    }

    private static void requireRoot() throws IOException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!Integer.valueOf(0).equals(uid)) {
            throw new AssertionError("this test captures packets on lo and must run as root (uid " + uid + ")");
        }
    }

    private static String jar() {
        String jar = System.getProperty("tcptrace.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property tcptrace.jar does not name the built jar: " + jar);
        }
        return jar;
    }

    /** The capture has started once its packet file exists (it is created when the handle is open). */
    private static void awaitFile(Path file, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("capture did not start writing " + file + " (alive: " + p.isAlive() + ")");
            }
            Thread.sleep(20);
        }
    }

    private static void exchangeOnLoopback() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket served = server.accept()) {
            OutputStream out = client.getOutputStream();
            out.write(new byte[PAYLOAD]);
            client.shutdownOutput();
            InputStream in = served.getInputStream();
            assertThat(in.readAllBytes()).hasSize(PAYLOAD);
        }
    }

    /** Local ports of the TCP sockets in LISTEN state that a process holds, from its /proc entries. */
    private static Set<Integer> listeningPorts(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed while we looked is no listener
                }
            }
        }
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals(LISTEN) && inodes.contains(f[9])) {
                    ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    private static ByteBuffer bytes(Path pcap) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap));
        int magic = b.getInt(0);
        return b.order(magic == 0xA1B2C3D4 || magic == 0xA1B23C4D ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    private static int snaplen(Path pcap) throws IOException {
        return bytes(pcap).getInt(16);
    }

    /** Captured and wire length of each complete record of a classic pcap file. */
    private static List<int[]> records(Path pcap) throws IOException {
        ByteBuffer b = bytes(pcap);
        List<int[]> out = new ArrayList<>();
        for (int at = PCAP_HEADER; at + PCAP_RECORD_HEADER <= b.limit(); ) {
            int captured = b.getInt(at + 8);
            int wire = b.getInt(at + 12);
            if (at + PCAP_RECORD_HEADER + captured > b.limit()) {
                break;
            }
            out.add(new int[] {captured, wire});
            at += PCAP_RECORD_HEADER + captured;
        }
        return out;
    }
}
