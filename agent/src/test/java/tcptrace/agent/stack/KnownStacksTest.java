package tcptrace.agent.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import tcptrace.testapp.StackPaths.P;
import tcptrace.testapp.StackPaths.Q;

class KnownStacksTest {
    /** One per depth, shared by the tries, so that most stacks are found again rather than made. */
    private static final Map<Integer, StackCapture> BY_DEPTH = new ConcurrentHashMap<>();

    @Test
    void theRecordedFramesOfThisVmAreReadable() {
        assertThat(Backtrace.check()).isTrue();
    }

    /**
     * Stacks through two classes whose methods are alike, deeper than one chunk of recorded frames: found again or
     * made, each reads as if formatted afresh from its StackTraceElements.
     */
    @Property(tries = 3000)
    void aStackFoundAgainReadsAsIfFormattedAfresh(@ForAll @IntRange(min = 0, max = 45) int levels,
                                                   @ForAll @IntRange(min = 0, max = 15) int path,
                                                   @ForAll @IntRange(min = 0, max = 40) int depth) {
        StackCapture frames = BY_DEPTH.computeIfAbsent(depth, d -> new StackCapture(d, true));
        Throwable t = P.go(levels, path);

        CapturedStack stack = frames.of(t);

        StackTraceElement[] trace = t.getStackTrace();
        assertThat(stack).isEqualTo(frames.format(trace));
        assertThat(stack.closedByInterrupt()).isEqualTo(StackFrames.closedByInterrupt(trace));
    }

    @Test
    void theSameCallSiteIsFoundAgainAndAnotherIsNot() {
        StackCapture frames = new StackCapture(8, true);
        List<CapturedStack> stacks = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stacks.add(frames.of(P.go(3, 0)));
        }
        CapturedStack other = frames.of(Q.go(3, 0));

        assertThat(stacks.get(1)).isSameAs(stacks.get(0));
        assertThat(stacks.get(2)).isSameAs(stacks.get(0));
        // P.go three times, then the first call: P.go or Q.go, the same method of a look-alike class
        assertThat(stacks.get(0).get(3)).startsWith(P.class.getName() + ".go(");
        assertThat(other.get(3)).startsWith(Q.class.getName() + ".go(");
        assertThat(other.subList(0, 3)).isEqualTo(stacks.get(0).subList(0, 3));
    }
}
