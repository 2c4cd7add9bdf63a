package tcptrace.bench;

import java.lang.StackWalker.Option;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import tcptrace.agent.stack.CapturedStack;
import tcptrace.agent.stack.StackCapture;

/**
 * What taking a close's stack costs, a stack seen before (the steady state of a service): the agent's way (a
 * Throwable's recorded frames, found again among the known stacks) against a {@code StackWalker} that stops at the
 * frames kept and makes the same kind of key (class, method, bytecode index of each frame). {@code depth} is how
 * deep the caller is; 32 frames are kept, as by default. Run by hand:
 * {@code java -cp <jmh class path> org.openjdk.jmh.Main StackCaptureBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class StackCaptureBenchmark {
    private static final int KEPT = 32;
    private static final StackWalker WALKER = StackWalker.getInstance(Set.of(Option.RETAIN_CLASS_REFERENCE));

    @Param({"20", "60"})
    public int depth;

    private final StackCapture capture = new StackCapture(KEPT, true);

    @Setup
    public void check() {
        if (!StackCapture.check()) {
            throw new IllegalStateException("a Throwable's recorded frames are not readable: open java.lang");
        }
    }

    @Benchmark
    public CapturedStack recordedFramesKnownStack() {
        return down(depth, true) instanceof CapturedStack s ? s : null;
    }

    @Benchmark
    public long stackWalkerWithLimit() {
        return (long) down(depth, false);
    }

    private Object down(int levels, boolean recorded) {
        if (levels > 0) {
            return down(levels - 1, recorded);
        }
        return recorded ? capture.closing(false) : WALKER.walk(frames -> frames.limit(KEPT)
                .mapToLong(f -> 31L * System.identityHashCode(f.getDeclaringClass()) + f.getMethodName().hashCode()
                        + f.getByteCodeIndex()).sum());
    }
}
