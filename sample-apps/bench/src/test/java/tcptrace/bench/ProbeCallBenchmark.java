package tcptrace.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the advice adds to each read and write of a socket: the bridge call that the advice inlined into
 * {@code SocketChannelImpl.read/write} makes, called directly. {@code state}: {@code none} before the agent installs
 * its sink (one volatile read), {@code untracked} for a connection the agent never saw (a registry miss),
 * {@code tracked} for a known connection (a registry hit and a counter bump). A successful read or write emits no
 * event, so the recorder needs no event sinks.
 *
 * <p>The bridge ships only inside the agent jar's nested bootstrap jar, so this class reaches it through method
 * handles held in static finals, which the JIT compiles to direct calls; {@code src/bench/run} puts the agent's
 * own classes on the class path, and the fork opens to it what the agent opens to itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.net=ALL-UNNAMED"})
public class ProbeCallBenchmark {
    private static final String PROBES = "tcptrace.agent.bootstrap.SocketProbes";
    private static final String SINK = "tcptrace.agent.bootstrap.SocketEventSink";
    private static final String RECORDER = "tcptrace.agent.connection.EventRecorder";
    private static final String PORT_FILTER = "tcptrace.agent.connection.PortFilter";
    private static final MethodHandle READ = probe("read", MethodType.methodType(void.class, Object.class,
            long.class, Throwable.class));
    private static final MethodHandle WRITTEN = probe("written", MethodType.methodType(void.class, Object.class,
            long.class, Throwable.class));
    private static final long CHUNK = 64 * 1024;

    @Param({"none", "untracked", "tracked"})
    public String state;

    private ServerSocketChannel server;
    private SocketChannel channel;
    private SocketChannel accepted;

    @Setup
    public void connect() throws Throwable {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel = SocketChannel.open(server.getLocalAddress());
        accepted = server.accept();
        if (!state.equals("none")) {
            probe("install", MethodType.methodType(boolean.class, Class.forName(SINK))).invoke(recorder());
        }
        if (state.equals("tracked")) {
            long now = (long) probe("now", MethodType.methodType(long.class)).invoke();
            probe("connected", MethodType.methodType(void.class, Object.class, Object.class, long.class,
                    boolean.class, Throwable.class)).invoke(channel, server.getLocalAddress(), now, true, null);
        }
    }

    private static Object recorder() throws ReflectiveOperationException {
        Class<?> filter = Class.forName(PORT_FILTER);
        Object allPorts = filter.getConstructor(Set.class).newInstance(Set.of());
        return Class.forName(RECORDER).getConstructor(int.class, filter, List.class, int.class)
                .newInstance(32, allPorts, List.of(), 1 << 16);
    }

    @TearDown
    public void close() throws Exception {
        accepted.close();
        channel.close();
        server.close();
    }

    @Benchmark
    public void read() throws Throwable {
        READ.invokeExact((Object) channel, CHUNK, (Throwable) null);
    }

    @Benchmark
    public void written() throws Throwable {
        WRITTEN.invokeExact((Object) channel, CHUNK, (Throwable) null);
    }

    private static MethodHandle probe(String name, MethodType type) {
        try {
            return MethodHandles.publicLookup().findStatic(Class.forName(PROBES), name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the agent's bridge is not on the class path: " + e, e);
        }
    }
}
