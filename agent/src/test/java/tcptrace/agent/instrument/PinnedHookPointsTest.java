package tcptrace.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tcptrace.agent.instrument.netty.NettyStack;
import tcptrace.agent.instrument.uring.UringStack;

/**
 * Every hook point of the third-party stacks is where the agent expects it in the Netty of the parent pom (the
 * test class path's): a release that moves one fails here, before a user's stderr names it.
 */
class PinnedHookPointsTest {
    static Stream<Arguments> hookedClasses() {
        return Stream.of(new NettyStack(), new UringStack())
                .flatMap(s -> s.classes().stream().map(c -> Arguments.of(s.name(), c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hookedClasses")
    void everyHookPointIsInTheNettyOfTheBuild(String stack, HookedClass hooked) throws Exception {
        Class<?> type = Class.forName(hooked.name(), false, getClass().getClassLoader());
        List<String> absent = MissingHooks.absent(TypeDescription.ForLoadedType.of(type), hooked);
        assertThat(absent).as("%s hook points absent from %s", stack, hooked.name()).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hookedClasses")
    void eachHookPointSelectsOneMethod(String stack, HookedClass hooked) throws Exception {
        TypeDescription type = TypeDescription.ForLoadedType.of(
                Class.forName(hooked.name(), false, getClass().getClassLoader()));
        for (Hook h : hooked.hooks()) {
            assertThat(type.getDeclaredMethods().filter(h.matcher())).as("%s %s", hooked.name(), h.method())
                    .hasSize(1);
        }
    }
}
