package tcptrace.agent.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One hook point: the methods of a class that {@code matcher} selects, and the advice woven into them.
 *
 * @param method what the hook is, as a stderr line names it when a class lacks it, e.g. {@code doClose()}
 * @param advice the binary name of the advice class, whose bodies call the bootstrap bridge only
 */
public record Hook(String method, ElementMatcher<? super MethodDescription> matcher, String advice) {
    public static Hook of(String method, ElementMatcher<? super MethodDescription> matcher, Class<?> advice) {
        return new Hook(method, matcher, advice.getName());
    }
}
