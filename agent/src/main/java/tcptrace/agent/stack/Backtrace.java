package tcptrace.agent.stack;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Reads which frames a Throwable recorded without turning them into StackTraceElements. Recording costs about 25 ns
 * a frame; turning them into elements costs about 100 more (the VM interns every method and file name), and a close
 * would pay that on every call for the same few stacks. With this, {@link KnownStacks} recognises a stack it has
 * formatted before from the recorded frames alone.
 *
 * <p>HotSpot keeps a Throwable's frames in its private {@code backtrace} field, in chunks of 32: method ids
 * ({@code short[]}), bytecode index and class version ({@code int[]}), the classes ({@code Object[]}), then other
 * arrays, and the next chunk second to last; {@code depth} says how many frames there are. JDK 17 to 25 agree on
 * that much. It is checked once against {@code getStackTrace()}; on a VM that differs, or when java.lang is not
 * open to the agent, {@link #AVAILABLE} is false and stacks are made the plain way.
 */
final class Backtrace {
    static final int CHUNK = 32;
    private static final int METHODS = 0;
    private static final int BCIS = 1;
    private static final int CLASSES = 2;
    /** Deeper than one chunk, so that the check follows a link to the next. */
    private static final int CHECK_DEPTH = CHUNK + 8;

    private static final VarHandle BACKTRACE;
    private static final VarHandle DEPTH;
    static final boolean AVAILABLE;

    static {
        VarHandle backtrace = null;
        VarHandle depth = null;
        boolean available;
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(Throwable.class, MethodHandles.lookup());
            backtrace = l.findVarHandle(Throwable.class, "backtrace", Object.class);
            depth = l.findVarHandle(Throwable.class, "depth", int.class);
            available = true;
        } catch (ReflectiveOperationException | RuntimeException notOpenOrOtherVm) {
            available = false;
        }
        BACKTRACE = backtrace;
        DEPTH = depth;
        AVAILABLE = available && agreesWithStackTrace(recurse(CHECK_DEPTH));
    }

    private Backtrace() {
    }

    /** Whether the frames of a Throwable can be read here; the check itself runs once, on the first call. */
    static boolean check() {
        return AVAILABLE;
    }

    /** The first chunk of {@code t}'s frames, or null when it has none. */
    static Object[] firstChunk(Throwable t) {
        return BACKTRACE.get(t) instanceof Object[] chunk ? chunk : null;
    }

    static int depth(Throwable t) {
        return (int) DEPTH.get(t);
    }

    static short[] methods(Object[] chunk) {
        return (short[]) chunk[METHODS];
    }

    static int[] bcis(Object[] chunk) {
        return (int[]) chunk[BCIS];
    }

    static Object[] classes(Object[] chunk) {
        return (Object[]) chunk[CLASSES];
    }

    /** The chunk that holds frame {@code i}, given the one that holds frame {@code i - 1} (the first for 0). */
    static Object[] chunkOf(Object[] chunk, int i) {
        return i > 0 && i % CHUNK == 0 ? (Object[]) chunk[chunk.length - 2] : chunk;
    }

    private static boolean agreesWithStackTrace(Throwable probe) {
        try {
            StackTraceElement[] trace = probe.getStackTrace();
            Object[] chunk = firstChunk(probe);
            if (chunk == null || depth(probe) != trace.length) {
                return false;
            }
            // frames 1 to CHECK_DEPTH are the same call in recurse, frame 0 the Throwable's construction in it
            short method = methods(chunk)[1];
            int bci = bcis(chunk)[1];
            if (methods(chunk)[0] != method || bcis(chunk)[0] == bci) {
                return false;
            }
            for (int i = 0; i < trace.length; i++) {
                chunk = chunkOf(chunk, i);
                int j = i % CHUNK;
                if (methods(chunk).length != CHUNK || bcis(chunk).length != CHUNK
                        || !(classes(chunk)[j] instanceof Class<?> c) || !c.getName().equals(trace[i].getClassName())
                        || i >= 1 && i <= CHECK_DEPTH && (methods(chunk)[j] != method || bcis(chunk)[j] != bci)) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException differentLayout) {
            return false;
        }
    }

    private static Throwable recurse(int depth) {
        return depth == 0 ? new Throwable() : recurse(depth - 1);
    }
}
