package tcptrace.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection churn over loopback, both ends in this JVM: connect, write 100 bytes, read the 100-byte echo, close,
 * again and again, through {@code Socket} ({@code --api socket}), {@code SocketChannel} at both ends
 * ({@code --api channel}) or Netty's epoll transport ({@code --api netty-epoll}, {@link NettyEpollChurn}). Prints
 * connections per second over the measured window (after a warm-up), and per second of the process's CPU time;
 * with {@code --slices}, works in the slices its runner asks for ({@link SliceLoop}), and with
 * {@code --warmup-slice S} says during its warm-up what each S seconds did ({@link #WARM}), so that the runner sees
 * how the rate grows; with {@code --connections N}, makes exactly N connections (to size the journal per event).
 */
public final class ChurnWorkload {
    /** A warm-up slice: {@code WARM <connections> <wall nanos> <cpu nanos>}. */
    static final String WARM = "WARM ";
    static final int MESSAGE_BYTES = 100;

    private final EchoServer server;
    private final boolean channels;
    private final AtomicLong failed = new AtomicLong();

    private ChurnWorkload(EchoServer server, boolean channels) {
        this.server = server;
        this.channels = channels;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int threads = options.integer("threads", 4);
        String api = options.string("api", "socket");
        switch (api) {
            case "socket", "channel" -> {
                try (EchoServer echo = new EchoServer(threads, MESSAGE_BYTES, api.equals("channel"))) {
                    ChurnWorkload churn = new ChurnWorkload(echo, api.equals("channel"));
                    long fixedCount = options.longValue("connections", 0);
                    if (fixedCount > 0) {
                        Results.print("connections", churn.runCount(fixedCount));
                    } else {
                        ExecutorService clients = Executors.newFixedThreadPool(threads,
                                Daemons.named("churn-client"));
                        try {
                            run(nanos -> churn.connectFor(clients, threads, nanos), options);
                        } finally {
                            clients.shutdownNow();
                        }
                    }
                    Results.print("failed", churn.failed.get());
                }
            }
            case "netty-epoll" -> {
                try (NettyEpollChurn netty = new NettyEpollChurn(threads, MESSAGE_BYTES)) {
                    run(netty::connectFor, options);
                    Results.print("failed", netty.failed());
                }
            }
            default -> throw new IllegalArgumentException("--api socket|channel|netty-epoll, not " + api);
        }
    }

    /** The warm-up, then the slices a runner asks for or one measured window. */
    private static void run(SliceLoop.Work work, Options options) throws Exception {
        warmUp(work, options.decimal("warmup", 2), options.decimal("warmup-slice", 0));
        if (options.flag("slices")) {
            SliceLoop.serve(work, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                    System.out);
        } else {
            measure(work, options.decimal("seconds", 3));
        }
    }

    /** Works for {@code seconds}; with {@code sliceSeconds} above 0, in slices that it reports one by one. */
    private static void warmUp(SliceLoop.Work work, double seconds, double sliceSeconds) throws Exception {
        long total = (long) (seconds * 1e9);
        if (sliceSeconds <= 0) {
            work.runFor(total);
            return;
        }
        long slice = (long) (sliceSeconds * 1e9);
        for (long done = 0; done < total; done += slice) {
            long cpuStart = ProcessCpu.nanos();
            long start = System.nanoTime();
            long units = work.runFor(Math.min(slice, total - done));
            System.out.println(String.format(Locale.ROOT, "%s%d %d %d", WARM, units, System.nanoTime() - start,
                    ProcessCpu.nanos() - cpuStart));
        }
        System.out.flush();
    }

    private static void measure(SliceLoop.Work work, double seconds) throws Exception {
        long start = System.nanoTime();
        long cpuStart = ProcessCpu.nanos();
        long connections = work.runFor((long) (seconds * 1e9));
        long cpu = ProcessCpu.nanos() - cpuStart;
        long elapsed = System.nanoTime() - start;
        Results.print("connections", connections);
        Results.print("connections_per_second", connections * 1e9 / elapsed);
        Results.print("connections_per_cpu_second", connections * 1e9 / cpu);
    }

    private long runCount(long count) {
        long completed = 0;
        for (long i = 0; i < count; i++) {
            completed += oneConnection() ? 1 : 0;
        }
        return completed;
    }

    /** Every client thread makes connections until {@code nanos} have passed; the number completed. */
    private long connectFor(ExecutorService clients, int threads, long nanos) throws Exception {
        long deadline = System.nanoTime() + nanos;
        Callable<Long> client = () -> {
            long completed = 0;
            while (System.nanoTime() - deadline < 0) {
                completed += oneConnection() ? 1 : 0;
            }
            return completed;
        };
        long total = 0;
        for (Future<Long> done : clients.invokeAll(Collections.nCopies(threads, client))) {
            total += done.get();
        }
        return total;
    }

    private boolean oneConnection() {
        InetSocketAddress address = server.nextAddress();
        try {
            if (channels) {
                channelConnection(address);
            } else {
                socketConnection(address);
            }
            return true;
        } catch (IOException e) {
            failed.incrementAndGet();
            return false;
        }
    }

    private static void socketConnection(InetSocketAddress address) throws IOException {
        byte[] message = new byte[MESSAGE_BYTES];
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(message);
            Streams.readFully(in, MESSAGE_BYTES);
        }
    }

    private static void channelConnection(InetSocketAddress address) throws IOException {
        try (SocketChannel channel = SocketChannel.open(address)) {
            ByteBuffer message = ByteBuffer.allocate(MESSAGE_BYTES);
            while (message.hasRemaining()) {
                channel.write(message);
            }
            Streams.readFully(channel, message.clear());
        }
    }
}
