package tcptrace.capture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcptrace.InputException;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static tcptrace.capture.TcpSegment.ACK;
import static tcptrace.capture.TcpSegment.FIN;
import static tcptrace.capture.TcpSegment.RST;
import static tcptrace.capture.TcpSegment.SYN;

class LiveCaptureSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @BeforeEach
    void needsCapturePermission() throws Exception {
        CaptureTestSupport.requireCapturePermission();
    }

    /** Runs a source on its own thread, as the CLI does, so that the test can close it from here. */
    private static final class Running implements AutoCloseable {
        final RecordedSegment.Recorder recorder = new RecordedSegment.Recorder();
        final LiveCaptureSource source;
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<CaptureStats> stats;

        Running(LiveCaptureSource source) {
            this.source = source;
            this.stats = thread.submit(() -> source.run(recorder));
        }

        CaptureStats stop() throws Exception {
            source.close();
            return stats.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            source.close();
            thread.shutdownNow();
        }
    }

    @Test
    void seesTheHandshakeAndBothFinsOfALoopbackConnection() throws Exception {
        Path tee = dir.resolve("tee.pcap");
        long before = System.currentTimeMillis() * 1_000_000L;
        try (ServerSocket server = CaptureTestSupport.loopbackServer()) {
            int serverPort = server.getLocalPort();
            LiveCaptureSource source = LiveCaptureSource.open(LiveCaptureSettings.of("lo")
                    .withFilter("tcp port " + serverPort).withTee(tee));
            assertThat(source.linkType()).isEqualTo(LinkType.ETHERNET);
            try (Running running = new Running(source)) {
                int clientPort = CaptureTestSupport.connectSendAndClose(server, false);
                CaptureTestSupport.await(WAIT, "both FINs", () -> running.recorder.count(FIN) >= 2);

                CaptureStats stats = running.stop();

                List<RecordedSegment> seen = running.recorder.segments;
                assertThat(seen).filteredOn(s -> s.flags() == SYN).singleElement()
                        .satisfies(s -> assertThat(List.of(s.srcPort(), s.dstPort()))
                                .containsExactly(clientPort, serverPort));
                assertThat(seen).filteredOn(s -> s.has(FIN)).extracting(RecordedSegment::srcPort)
                        .containsExactly(clientPort, serverPort);
                assertThat(seen).filteredOn(s -> s.payloadLength() == 5).hasSize(1);
                assertThat(stats.tcpSegments()).isEqualTo(seen.size());
                assertThat(stats.kernelDrops()).isZero();
                long after = System.currentTimeMillis() * 1_000_000L + 1_000_000L;
                assertThat(seen).extracting(RecordedSegment::timeNanos)
                        .allSatisfy(time -> assertThat(time).isBetween(before, after));

                RecordedSegment.Recorder fromTee = new RecordedSegment.Recorder();
                PcapFileSource.open(tee).run(fromTee);
                assertThat(fromTee.segments).as("the tee file holds every captured frame").isEqualTo(seen);
            }
        }
    }

    @Test
    void seesTheResetOfAnAbortiveClose() throws Exception {
        try (ServerSocket server = CaptureTestSupport.loopbackServer()) {
            LiveCaptureSource source = LiveCaptureSource.open(LiveCaptureSettings.of("lo")
                    .withFilter("tcp port " + server.getLocalPort()));
            try (Running running = new Running(source)) {
                int clientPort = CaptureTestSupport.connectSendAndClose(server, true);
                CaptureTestSupport.await(WAIT, "the RST", () -> running.recorder.count(RST) >= 1);

                running.stop();

                assertThat(running.recorder.segments).filteredOn(s -> s.has(RST)).singleElement()
                        .satisfies(s -> assertThat(s.srcPort()).isEqualTo(clientPort));
                assertThat(running.recorder.count(FIN)).isZero();
            }
        }
    }

    @Test
    void seesTheResetOfACloseWithUnreadData() throws Exception {
        try (ServerSocket server = CaptureTestSupport.loopbackServer()) {
            LiveCaptureSource source = LiveCaptureSource.open(LiveCaptureSettings.of("lo")
                    .withFilter("tcp port " + server.getLocalPort()));
            try (Running running = new Running(source)) {
                int clientPort;
                try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                     Socket accepted = server.accept()) {
                    clientPort = client.getLocalPort();
                    accepted.getOutputStream().write(new byte[] {1, 2, 3});
                    CaptureTestSupport.await(WAIT, "the data to reach the client",
                            () -> available(client) == 3);
                    // before the server's close: a FIN from the peer first would turn the reset into a FIN
                    client.close();
                }
                CaptureTestSupport.await(WAIT, "the client's RST", () -> running.recorder.segments.stream()
                        .anyMatch(s -> s.has(RST) && s.srcPort() == clientPort));

                running.stop();

                assertThat(running.recorder.segments).filteredOn(s -> s.srcPort() == clientPort && s.has(FIN))
                        .as("NioSocketImpl shuts output down before close(2) resets").hasSize(1);
            }
        }
    }

    private static int available(Socket socket) {
        try {
            return socket.getInputStream().available();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theAnyDeviceDeliversCookedFramesDecodedAlike() throws Exception {
        try (ServerSocket server = CaptureTestSupport.loopbackServer()) {
            LiveCaptureSource source = LiveCaptureSource.open(LiveCaptureSettings.of("any")
                    .withFilter("tcp port " + server.getLocalPort()));
            assertThat(source.linkType()).isIn(LinkType.LINUX_SLL, LinkType.LINUX_SLL2);
            try (Running running = new Running(source)) {
                int clientPort = CaptureTestSupport.connectSendAndClose(server, false);
                CaptureTestSupport.await(WAIT, "both FINs", () -> running.recorder.count(FIN) >= 2);

                CaptureStats stats = running.stop();

                assertThat(running.recorder.segments).filteredOn(s -> s.flags() == (SYN | ACK)).singleElement()
                        .satisfies(s -> assertThat(s.dstPort()).isEqualTo(clientPort));
                assertThat(stats.skipped() + stats.truncated()).isZero();
            }
        }
    }

    @Test
    void stoppingReadsWhatTheKernelStillQueuedBeforeEnding() throws Exception {
        int connections = 50;
        try (ServerSocket server = CaptureTestSupport.loopbackServer()) {
            LiveCaptureSource source = LiveCaptureSource.open(LiveCaptureSettings.of("lo")
                    .withFilter("tcp port " + server.getLocalPort()));
            RecordedSegment.Recorder recorder = new RecordedSegment.Recorder();
            CountDownLatch stopped = new CountDownLatch(1);
            CountDownLatch firstSeen = new CountDownLatch(1);
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                // a capture that is behind: it holds on to the first packet until the stop, the rest wait queued
                Future<CaptureStats> run = thread.submit(() -> source.run(segment -> {
                    recorder.onSegment(segment);
                    firstSeen.countDown();
                    awaitQuietly(stopped);
                }));
                for (int i = 0; i < connections; i++) {
                    CaptureTestSupport.connectSendAndClose(server, false);
                }
                assertThat(firstSeen.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                source.close();
                stopped.countDown();
                CaptureStats stats = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);

                assertThat(recorder.count(FIN)).as("both FINs of every connection, all sent before the stop")
                        .isEqualTo(2L * connections);
                assertThat(stats.kernelDrops() + stats.interfaceDrops()).isZero();
                assertThat(stats.tcpSegments()).isEqualTo(recorder.segments.size());
            } finally {
                stopped.countDown();
                source.close();
                thread.shutdownNow();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theCapturesProgressPassesEveryPacketHandedOnAndMovesOnWhenIdle() throws Exception {
        try (ServerSocket server = CaptureTestSupport.loopbackServer()) {
            LiveCaptureSource source = LiveCaptureSource.open(LiveCaptureSettings.of("lo")
                    .withFilter("tcp port " + server.getLocalPort()));
            try (Running running = new Running(source)) {
                long idleSince = System.currentTimeMillis() * 1_000_000L;
                CaptureTestSupport.await(WAIT, "an idle capture to move on", () -> source.capturedUpTo() >= idleSince);
                CaptureTestSupport.connectSendAndClose(server, false);
                CaptureTestSupport.await(WAIT, "both FINs", () -> running.recorder.count(FIN) >= 2);
                long newest = running.recorder.segments.stream().mapToLong(RecordedSegment::timeNanos).max()
                        .orElseThrow();
                assertThat(source.capturedUpTo()).isGreaterThanOrEqualTo(newest);
                running.stop();
            }
        }
    }

    @Test
    void closeFromAnotherThreadEndsAnIdleCapture() throws Exception {
        LiveCaptureSource source = LiveCaptureSource.open(LiveCaptureSettings.of("lo").withFilter("tcp port 9"));
        try (Running running = new Running(source)) {
            CaptureStats stats = running.stop();

            assertThat(stats.frames()).isZero();
        }
    }

    @Test
    void aListenerFailureEndsTheCaptureAndReachesTheCaller() throws Exception {
        try (ServerSocket server = CaptureTestSupport.loopbackServer()) {
            LiveCaptureSource source = LiveCaptureSource.open(LiveCaptureSettings.of("lo")
                    .withFilter("tcp port " + server.getLocalPort()));
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                Future<CaptureStats> run = thread.submit(() -> source.run(segment -> {
                    throw new IllegalStateException("listener failed on port " + segment.dstPort());
                }));
                CaptureTestSupport.connectSendAndClose(server, false);

                assertThatThrownBy(() -> run.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(IllegalStateException.class)
                        .hasRootCauseMessage("listener failed on port " + server.getLocalPort());
            } finally {
                source.close();
                thread.shutdownNow();
            }
        }
    }

    @Test
    void closeBeforeRunMakesRunReturnAtOnce() throws Exception {
        LiveCaptureSource source = LiveCaptureSource.open(LiveCaptureSettings.of("lo"));
        source.close();

        assertThat(source.run(segment -> { })).isEqualTo(CaptureStats.NONE);
    }

    @Test
    void anUnknownInterfaceIsNamedWithTheAvailableOnes() {
        assertThatThrownBy(() -> LiveCaptureSource.open(LiveCaptureSettings.of("nosuch0")))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("unknown interface 'nosuch0'; available: ")
                .hasMessageContaining("lo")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aBadFilterIsReportedWithLibpcapsReason() {
        assertThatThrownBy(() -> LiveCaptureSource.open(LiveCaptureSettings.of("lo").withFilter("tcp port")))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("bad capture filter 'tcp port': ")
                .hasMessageContaining("syntax error")
                .hasMessageNotContaining("\n");
    }
}
