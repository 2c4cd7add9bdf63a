package tcptrace.capture;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tcptrace.InputException;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.SYN;

/** Reads back what tcpdump itself wrote while the test made a connection on loopback. */
class TcpdumpFileTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "nanosecond precision: {0}")
    @ValueSource(booleans = {false, true})
    void readsTheConnectionTcpdumpCaptured(boolean nanos) throws Exception {
        CaptureTestSupport.requireCapturePermission();
        Path file = dir.resolve(nanos ? "lo-ns.pcap" : "lo-us.pcap");
        long before = System.currentTimeMillis() * 1_000_000L;
        int clientPort;
        int serverPort;
        try (ServerSocket server = CaptureTestSupport.loopbackServer()) {
            serverPort = server.getLocalPort();
            List<String> command = new ArrayList<>(List.of("tcpdump", "-i", "lo", "-U", "-n", "-w", file.toString()));
            if (nanos) {
                command.add("--time-stamp-precision=nano");
            }
            command.addAll(List.of("tcp", "port", String.valueOf(serverPort)));
            Process tcpdump = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                awaitListening(tcpdump);
                clientPort = CaptureTestSupport.connectSendAndClose(server, false);
                CaptureTestSupport.await(WAIT, "both FINs in " + file, () -> finsIn(file) >= 2);
            } finally {
                tcpdump.destroy();
                if (!tcpdump.waitFor(10, TimeUnit.SECONDS)) {
                    tcpdump.destroyForcibly();
                }
            }
        }
        long after = System.currentTimeMillis() * 1_000_000L + 1_000_000L;
        RecordedSegment.Recorder recorder = new RecordedSegment.Recorder();

        CaptureStats stats = PcapFileSource.open(file).run(recorder);

        List<RecordedSegment> seen = recorder.segments;
        assertThat(stats.skipped() + stats.truncated()).isZero();
        assertThat(seen).filteredOn(s -> s.flags() == SYN).singleElement()
                .satisfies(s -> assertThat(List.of(s.srcPort(), s.dstPort())).containsExactly(clientPort, serverPort));
        assertThat(seen).filteredOn(s -> s.flags() == (SYN | ACK)).singleElement()
                .satisfies(s -> assertThat(List.of(s.srcPort(), s.dstPort())).containsExactly(serverPort, clientPort));
        assertThat(seen).filteredOn(s -> s.has(FIN)).extracting(RecordedSegment::srcPort)
                .containsExactly(clientPort, serverPort);
        assertThat(seen).filteredOn(s -> s.payloadLength() == 5).hasSize(1);
        assertThat(seen).allSatisfy(s -> {
            assertThat(s.src().isLoopbackAddress()).isTrue();
            assertThat(s.timeNanos()).isBetween(before, after);
        });
        if (nanos) {
            assertThat(seen).as("some timestamp has sub-microsecond digits")
                    .anySatisfy(s -> assertThat(s.timeNanos() % 1000).isNotZero());
        } else {
            assertThat(seen).allSatisfy(s -> assertThat(s.timeNanos() % 1000).isZero());
        }
    }

    /** tcpdump says "listening on lo" once its filter is in place; only then is the connection made. */
    private static void awaitListening(Process tcpdump) throws InterruptedException {
        CountDownLatch listening = new CountDownLatch(1);
        StringBuilder stderr = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(tcpdump.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                    if (line.contains("listening on")) {
                        listening.countDown();
                    }
                }
            } catch (java.io.IOException ignored) {
                // tcpdump ended; the wait below reports what it said
            }
        }, "tcpdump-stderr");
        reader.setDaemon(true);
        reader.start();
        if (!listening.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            synchronized (stderr) {
                throw new AssertionError("tcpdump did not start listening: " + stderr);
            }
        }
    }

    /** FINs in the file so far; a record tcpdump is still writing counts as not there yet. */
    private static long finsIn(Path file) {
        RecordedSegment.Recorder recorder = new RecordedSegment.Recorder();
        try {
            PcapFileSource.open(file).run(recorder);
        } catch (InputException partial) {
            // the file is being written: count what is complete
        }
        return recorder.count(FIN);
    }
}
